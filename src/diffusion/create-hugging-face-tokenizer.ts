import { Tokenizer as HuggingFaceTokenizerEngine } from "@huggingface/tokenizers";
import type { Tokenizer } from "../spec/mask-predictor.js";

/** A `Tokenizer` built from a Hugging Face `tokenizer.json`; keeps the definition so `serveLogits` can hand it on. */
export interface HuggingFaceTokenizer extends Tokenizer {
  /** The parsed `tokenizer.json`. */
  readonly definition: Readonly<Record<string, unknown>>;
  /** The parsed `tokenizer_config.json`, or `{}`. */
  readonly config: Readonly<Record<string, unknown>>;
}

/**
 * Wraps `@huggingface/tokenizers` (pure JS) as the spec's `Tokenizer`. `encode` adds no special tokens (the sampler lays
 * out sequences itself); `decode` keeps special tokens so end/mask tokens stay visible to the caller.
 *
 * @param options.definition parsed `tokenizer.json`.
 * @param options.config parsed `tokenizer_config.json` (optional; needed by a few legacy tokenizers for `unk_token`).
 * @throws Error from the tokenizer library when the definition is malformed (callers wrap it with the file name).
 */
export function createHuggingFaceTokenizer(options: {
  readonly definition: Readonly<Record<string, unknown>>;
  readonly config?: Readonly<Record<string, unknown>> | undefined;
}): HuggingFaceTokenizer {
  const config = options.config ?? {};
  const engine = new HuggingFaceTokenizerEngine(options.definition, config);
  const vocabSize = engine.get_vocab(true).size;
  return {
    definition: options.definition,
    config,
    vocabSize,
    encode: (text) => engine.encode(text, { add_special_tokens: false }).ids,
    decode: (ids) => engine.decode([...ids], { skip_special_tokens: false }),
    tokenToId: (token) => engine.token_to_id(token),
  };
}

/** True when `tokenizer` came from `createHuggingFaceTokenizer` (and so can be served over the remote protocol). */
export function isHuggingFaceTokenizer(tokenizer: Tokenizer): tokenizer is HuggingFaceTokenizer {
  return "definition" in tokenizer && typeof tokenizer.definition === "object" && tokenizer.definition !== null;
}
