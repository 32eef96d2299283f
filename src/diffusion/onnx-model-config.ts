import { join } from "node:path";
import { z } from "zod";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import { readJsonFile } from "./read-json-file.js";

const chatTemplateSchema = z.object({
  userPrefix: z.string(),
  userSuffix: z.string(),
  assistantPrefix: z.string(),
  assistantSuffix: z.string(),
});

/** Schema of `config.json` in an ONNX model directory (the model directory contract, docs/remote-logits.md). */
export const onnxModelConfigSchema = z.object({
  modelId: z.string().min(1),
  maskTokenId: z.number().int().nonnegative(),
  endTokenId: z.number().int().nonnegative(),
  padTokenId: z.number().int().nonnegative(),
  contextLength: z.number().int().positive(),
  vocabSize: z.number().int().positive(),
  inputNames: z.object({
    inputIds: z.string().min(1),
    attentionMask: z.string().min(1).nullable(),
  }),
  outputName: z.string().min(1),
  chatTemplate: chatTemplateSchema.nullable(),
  recommended: z.object({ endTokenBias: z.number().min(-100).max(100).optional() }).optional(),
});

/** Parsed `config.json` of an ONNX model directory. */
export type OnnxModelConfig = z.infer<typeof onnxModelConfigSchema>;

/**
 * Reads and validates `<directory>/config.json`.
 *
 * @throws InvalidInputError naming the file and the field when the file is missing, not JSON, or a field is wrong
 *   (including token ids outside `[0, vocabSize)`).
 */
export async function loadOnnxModelConfig(options: { readonly directory: string }): Promise<OnnxModelConfig> {
  const file = join(options.directory, "config.json");
  const parsed = await readJsonFile(file);
  const result = onnxModelConfigSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InvalidInputError({
      message: `${issue?.message ?? "invalid value"}.`,
      location: { file, field: issue?.path.join(".") ?? "" },
    });
  }
  const config = result.data;
  for (const field of ["maskTokenId", "endTokenId", "padTokenId"] as const) {
    if (config[field] >= config.vocabSize)
      throw new InvalidInputError({
        message: `${config[field]} is outside the vocabulary (vocabSize ${config.vocabSize}).`,
        location: { file, field },
      });
  }
  return config;
}
