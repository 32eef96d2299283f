import type { LogitsRequest } from "./logits-protocol.js";

/** How much one logits server accepts; every field has a default (see {@link defaultLogitsServerLimits}). */
export interface LogitsServerLimits {
  /** Largest request body in bytes (413 above it). */
  readonly maxBodyBytes: number;
  /** Most sequences in one `POST /v1/logits` (413 above it). */
  readonly maxSequences: number;
  /** Most tokens in one request, sequences × length (413 above it). */
  readonly maxTokens: number;
  /** Forward passes run at the same time; further requests wait in the queue. */
  readonly maxConcurrent: number;
  /** Requests that may wait for a forward pass; one more gets 429 with `Retry-After`. */
  readonly maxQueued: number;
}

/**
 * Defaults that keep a small machine answering: 4 MiB bodies, 64 sequences and 16,384 tokens a request (the built-in
 * DLM's 256-token context × 64), one forward pass at a time with 32 requests waiting. The Python server
 * (servers/python) uses the same numbers.
 */
export const defaultLogitsServerLimits: LogitsServerLimits = {
  maxBodyBytes: 4 * 1024 * 1024,
  maxSequences: 64,
  maxTokens: 16_384,
  maxConcurrent: 1,
  maxQueued: 32,
};

/** Why a request is refused: the HTTP status and the `{ error }` body. */
export interface RequestProblem {
  readonly status: 400 | 413;
  readonly code: string;
  readonly message: string;
}

/**
 * Checks a parsed `POST /v1/logits` request against the model and the limits, before any forward pass: 400 for an empty
 * request, sequences of unequal or zero length, token ids or positions out of range, `topK` above the vocabulary, or
 * sequences over the context length (`context-length`); 413 (`too-large`) for more sequences or tokens than allowed.
 * Messages name the field (`field "sequences.0.3"`).
 */
export function checkLogitsRequest(options: {
  readonly request: LogitsRequest;
  readonly model: { readonly vocabSize: number; readonly contextLength: number };
  readonly limits: Pick<LogitsServerLimits, "maxSequences" | "maxTokens">;
}): RequestProblem | undefined {
  const { request, model, limits } = options;
  const invalid = (field: string, problem: string): RequestProblem => ({
    status: 400,
    code: "invalid-input",
    message: `field "${field}": ${problem}`,
  });
  const count = request.sequences.length;
  if (count === 0) return invalid("sequences", "needs at least one sequence.");
  if (count > limits.maxSequences)
    return {
      status: 413,
      code: "too-large",
      message: `field "sequences": ${count} sequences exceed this server's limit of ${limits.maxSequences} per request; send fewer at a time.`,
    };
  const length = request.sequences[0]?.length ?? 0;
  if (length === 0) return invalid("sequences.0", "a sequence needs at least one token.");
  if (count * length > limits.maxTokens)
    return {
      status: 413,
      code: "too-large",
      message: `${count} sequences × ${length} tokens = ${count * length} tokens exceed this server's limit of ${limits.maxTokens} per request; send fewer sequences at a time.`,
    };
  if (request.topK !== undefined && request.topK > model.vocabSize)
    return invalid("topK", `${request.topK} is larger than the vocabulary (${model.vocabSize}).`);
  for (const [row, sequence] of request.sequences.entries()) {
    if (sequence.length !== length) return invalid(`sequences.${row}`, "all sequences must have the same length.");
    const bad = sequence.findIndex((token) => token >= model.vocabSize);
    if (bad >= 0) return invalid(`sequences.${row}.${bad}`, "token id outside the vocabulary.");
    const position = (request.positions[row] ?? []).findIndex((value) => value >= length);
    if (position >= 0) return invalid(`positions.${row}.${position}`, "position outside the sequence.");
  }
  if (length > model.contextLength)
    return {
      status: 400,
      code: "context-length",
      message: `Sequences of ${length} tokens exceed the context length ${model.contextLength} by ${length - model.contextLength}.`,
    };
  return undefined;
}
