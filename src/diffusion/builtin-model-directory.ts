import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Absolute path of the built-in model directory (`models/builtin/`: `model.onnx`, `tokenizer.json`,
 * `tokenizer_config.json`, `config.json`) shipped inside the dlmpo package. Computed from this module's own URL, so it
 * works from the sources (`src/diffusion/`), the build (`dist/diffusion/`) and an installed package alike. Does not check
 * that the files exist; `createBuiltinMaskPredictor` does.
 */
export function builtinModelDirectory(): string {
  // This file lives two folders below the package root in both src/ and dist/.
  return join(dirname(fileURLToPath(import.meta.url)), "..", "..", "models", "builtin");
}

/**
 * Absolute path of the built-in proposer model directory (`models/builtin-dlm/`, same files as `models/builtin/` and
 * the same tokenizer): the model `--dlm builtin` loads. It is trained with the masked-diffusion objective on system
 * prompts and the proposer's infill layout, where `models/builtin/` only learned answer slots (the offline target).
 * Does not check that the files exist; `createBuiltinMaskPredictor` does.
 */
export function builtinProposerModelDirectory(): string {
  return join(builtinModelDirectory(), "..", "builtin-dlm");
}
