import { existsSync } from "node:fs";
import { join } from "node:path";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { builtinModelDirectory } from "./builtin-model-directory.js";
import { createOnnxMaskPredictor, type OnnxMaskPredictor } from "./create-onnx-mask-predictor.js";

export interface BuiltinMaskPredictorOptions {
  /** Model directory; default `builtinModelDirectory()` (the model shipped with the package). */
  readonly directory?: string | undefined;
  /** Threads inside one ONNX operator; default onnxruntime's choice. */
  readonly intraOpThreads?: number | undefined;
}

/**
 * Loads the built-in masked-diffusion model (a small offline stand-in trained by `training/train.py`; see
 * docs/builtin-model.md) as an in-process ONNX `MaskPredictor`. Used by `--dlm builtin` (the native proposer) and by
 * `createBuiltinTargetModel` (`--target builtin`). Call `close()` when done.
 *
 * @throws DlmpoError `not-found` when the directory has no `model.onnx`; InvalidInputError (from the ONNX backend)
 *   when a file of the directory is malformed.
 */
export async function createBuiltinMaskPredictor(
  options: BuiltinMaskPredictorOptions = {},
): Promise<OnnxMaskPredictor> {
  const directory = options.directory ?? builtinModelDirectory();
  if (!existsSync(join(directory, "model.onnx")))
    throw new DlmpoError({
      code: "not-found",
      message: `The built-in model is missing: ${join(directory, "model.onnx")} does not exist. Reinstall dlmpo, or rebuild the model with the command in training/README.md.`,
    });
  return createOnnxMaskPredictor({ directory, intraOpThreads: options.intraOpThreads });
}
