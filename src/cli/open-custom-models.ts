import type { LanguageModelV3 } from "@ai-sdk/provider";
import { BUILTIN_TARGET_NAME, createBuiltinTargetModel } from "../diffusion/builtin-target-model.js";
import { DlmpoError } from "../errors/dlmpo-error.js";

/** Models the CLI offers beside `provider:model` specs, ready to pass to `resolveModel` as `customModels`. */
export interface CustomModels {
  readonly customModels: Readonly<Record<string, () => LanguageModelV3>>;
  /** Releases the ONNX sessions it opened. */
  close(): Promise<void>;
}

/**
 * Opens the custom models that `specs` name: `builtin` loads the model shipped in `models/builtin/` (ONNX, in process)
 * as a cloze target. Nothing is loaded for specs that do not name it, so provider-only runs start as fast as before;
 * `builtin` is listed all the same, so a message about an unknown model names it among the choices.
 *
 * @throws DlmpoError `not-found` when `builtin` is named and the model files are missing.
 */
export async function openCustomModels(options: {
  readonly specs: readonly (string | undefined)[];
}): Promise<CustomModels> {
  if (!options.specs.includes(BUILTIN_TARGET_NAME))
    return {
      customModels: {
        [BUILTIN_TARGET_NAME]: () => {
          throw new DlmpoError({
            code: "invalid-input",
            message: `The built-in model serves as --target only here; name it there, or use a provider model.`,
          });
        },
      },
      close: async () => {},
    };
  // onnxruntime loads only for a run that names the built-in model.
  const { createBuiltinMaskPredictor } = await import("../diffusion/builtin-mask-predictor.js");
  const predictor = await createBuiltinMaskPredictor();
  const target = createBuiltinTargetModel({ predictor });
  return {
    customModels: { [BUILTIN_TARGET_NAME]: () => target },
    close: () => predictor.close?.() ?? Promise.resolve(),
  };
}
