/** Tokenizer of a MaskPredictor: text ↔ token ids. */
export interface Tokenizer {
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  /** Id of a token string in the vocabulary, or undefined. */
  tokenToId(token: string): number | undefined;
  readonly vocabSize: number;
}

export interface PredictOptions {
  /** Token sequences; all sequences of one call have the same length. */
  readonly sequences: readonly (readonly number[])[];
  /** For each sequence, the positions whose distributions are wanted. */
  readonly positions: readonly (readonly number[])[];
  /** When set, return only the top-k log-probabilities per position instead of full logits. */
  readonly topK?: number | undefined;
  readonly abortSignal?: AbortSignal | undefined;
}

/**
 * Distribution at one position: either full `logits` (length vocabSize) or the `topK` log-probabilities.
 * Samplers must handle both.
 */
export type PositionDistribution =
  | { readonly kind: "logits"; readonly logits: Float32Array }
  | { readonly kind: "top-k"; readonly tokenIds: Int32Array; readonly logProbs: Float32Array };

export interface PredictResult {
  /** `distributions[s][i]` belongs to `positions[s][i]`. */
  readonly distributions: readonly (readonly PositionDistribution[])[];
  readonly warnings: readonly string[];
}

/** A masked (diffusion) language model: given token sequences with mask tokens, predicts the tokens at asked positions. */
export interface MaskPredictor {
  readonly specificationVersion: "v1";
  /** Recorded with every run. */
  readonly modelId: string;
  readonly maskTokenId: number;
  /** Token that ends text / pads; a slot decoded to it is dropped (that is how a span shrinks). */
  readonly endTokenId: number;
  readonly vocabSize: number;
  /** Maximum sequence length in tokens. */
  readonly contextLength: number;
  readonly tokenizer: Tokenizer;
  /** Optional chat template for instruct DLMs; absent for plain masked LMs. */
  readonly chatTemplate?: ChatTemplate | undefined;
  /** Settings the model's makers recommend for proposing with it (from its directory or its server); absent: none. */
  readonly recommended?: RecommendedSettings | undefined;
  /**
   * True when `topK` answers cost less than full logits and are exact (log-probabilities normalised over the whole
   * vocabulary, ties to the lower token id): the sampler then asks for a few top entries instead of full logits whenever
   * its settings need only the best tokens. A wrapper that changes the distributions must not pass this on.
   */
  readonly prefersTopK?: boolean | undefined;
  /** Logits at `positions` of each sequence. Called by the sampler only. */
  doPredict(options: PredictOptions): Promise<PredictResult>;
  /** Releases native resources. */
  close?(): Promise<void>;
}

/** Settings a model directory or logits server recommends; a caller's explicit setting wins over each. */
export interface RecommendedSettings {
  /** Nats added to the end token's logit at every masked slot (negative: fewer deleted spans); see `biasTokenLogits`. */
  readonly endTokenBias?: number | undefined;
}

/** How a chat-template DLM wraps a user turn and an assistant turn (the assistant turn is what gets denoised). */
export interface ChatTemplate {
  readonly userPrefix: string;
  readonly userSuffix: string;
  readonly assistantPrefix: string;
  readonly assistantSuffix: string;
}
