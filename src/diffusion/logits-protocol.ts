import { z } from "zod";

/**
 * Wire format of dlmpo's remote logits protocol (docs/remote-logits.md), shared by `serveLogits` and
 * `createRemoteMaskPredictor`. Version 1; paths under `/v1`.
 */
const chatTemplateSchema = z.object({
  userPrefix: z.string(),
  userSuffix: z.string(),
  assistantPrefix: z.string(),
  assistantSuffix: z.string(),
});

/** `GET /v1/model`: what the model is. `tokenizer` is the tokenizer.json object itself or a path such as `/v1/tokenizer`. */
export const modelInfoSchema = z.object({
  modelId: z.string().min(1),
  maskTokenId: z.number().int().nonnegative(),
  endTokenId: z.number().int().nonnegative(),
  vocabSize: z.number().int().positive(),
  contextLength: z.number().int().positive(),
  tokenizer: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  tokenizerConfig: z.record(z.string(), z.unknown()).nullish(),
  chatTemplate: chatTemplateSchema.nullish(),
  /** Added in protocol 1.1; older clients ignore it, older servers leave it out. */
  recommended: z.object({ endTokenBias: z.number().min(-100).max(100).optional() }).nullish(),
});

/** Parsed `GET /v1/model` answer. */
export type ModelInfo = z.infer<typeof modelInfoSchema>;

/** `POST /v1/logits` request: equal-length token sequences, the positions wanted in each, optional top-k. */
export const logitsRequestSchema = z
  .object({
    sequences: z.array(z.array(z.number().int().nonnegative())),
    positions: z.array(z.array(z.number().int().nonnegative())),
    topK: z.number().int().positive().optional(),
  })
  .refine((request) => request.positions.length === request.sequences.length, {
    message: "needs one list of positions per sequence",
    path: ["positions"],
  });

/** Parsed `POST /v1/logits` request. */
export type LogitsRequest = z.infer<typeof logitsRequestSchema>;

/** A float on the wire: JSON has no infinities, so `null` stands for −∞ (a token the model rules out). */
const wireFloatSchema = z.number().nullable();

/** One position's distribution on the wire: top-k log-probabilities, or full logits. */
export const wireDistributionSchema = z.union([
  z.object({ tokenIds: z.array(z.number().int().nonnegative()), logProbs: z.array(wireFloatSchema) }),
  z.object({ logits: z.array(wireFloatSchema) }),
]);

/** `POST /v1/logits` answer: `distributions[s][i]` belongs to `positions[s][i]`. */
export const logitsResponseSchema = z.object({
  distributions: z.array(z.array(wireDistributionSchema)),
  warnings: z.array(z.string()).optional(),
});

/** Parsed `POST /v1/logits` answer. */
export type LogitsResponse = z.infer<typeof logitsResponseSchema>;

/** Error body of every non-2xx answer. */
export interface WireError {
  readonly error: { readonly code: string; readonly message: string };
}
