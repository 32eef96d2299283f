import { toTopK } from "../diffusion/to-top-k.js";
import type { MaskPredictor, PositionDistribution, PredictOptions, Tokenizer } from "../spec/mask-predictor.js";

/** Where the table is being read: the whole sequence (as the predictor sees it) and the asked position. */
export interface TableLookup {
  readonly sequence: readonly number[];
  readonly position: number;
}

/** Options of `createTableMaskPredictor`. */
export interface TableMaskPredictorOptions {
  /** Logits (length = vocabulary size) for one position of one sequence. Must be a pure function of its input. */
  readonly logitsAt: (lookup: TableLookup) => readonly number[];
  /** Token strings by id; default `[PAD] [MASK] [END] t3 … t15`. Tokens are whitespace-separated in text. */
  readonly vocabulary?: readonly string[] | undefined;
  /** Default: the id of `[MASK]` in the vocabulary, else 1. */
  readonly maskTokenId?: number | undefined;
  /** Default: the id of `[END]` in the vocabulary, else 2. */
  readonly endTokenId?: number | undefined;
  /** Default 512. */
  readonly contextLength?: number | undefined;
  /** Default `"table"`. */
  readonly modelId?: string | undefined;
}

/** A table-driven predictor that records every `doPredict` call (copied) for assertions. */
export interface TableMaskPredictor extends MaskPredictor {
  readonly calls: PredictOptions[];
}

/**
 * A `MaskPredictor` whose logits come from a function of (sequence, position): for sampler unit tests, where each test
 * spells out exactly what the "model" believes. Supports `topK` (computed from the logits), as real backends do.
 *
 * @throws Error from `doPredict` for sequences of unequal length, or when `logitsAt` returns a vector of the wrong
 *   length (a bug in the test).
 */
export function createTableMaskPredictor(options: TableMaskPredictorOptions): TableMaskPredictor {
  const vocabulary = options.vocabulary ?? [
    "[PAD]",
    "[MASK]",
    "[END]",
    ...Array.from({ length: 13 }, (_, i) => `t${i + 3}`),
  ];
  const idOf = (token: string): number | undefined => {
    const id = vocabulary.indexOf(token);
    return id < 0 ? undefined : id;
  };
  const tokenizer: Tokenizer = {
    vocabSize: vocabulary.length,
    encode: (text) =>
      text
        .split(/\s+/)
        .filter((word) => word !== "")
        .map((word) => {
          const id = idOf(word);
          if (id === undefined) throw new Error(`Table tokenizer: "${word}" is not in the vocabulary.`);
          return id;
        }),
    decode: (ids) => ids.map((id) => vocabulary[id] ?? "[?]").join(" "),
    tokenToId: idOf,
  };
  const calls: PredictOptions[] = [];
  return {
    specificationVersion: "v1",
    modelId: options.modelId ?? "table",
    maskTokenId: options.maskTokenId ?? idOf("[MASK]") ?? 1,
    endTokenId: options.endTokenId ?? idOf("[END]") ?? 2,
    vocabSize: vocabulary.length,
    contextLength: options.contextLength ?? 512,
    tokenizer,
    calls,
    async doPredict(predictOptions) {
      const length = predictOptions.sequences[0]?.length ?? 0;
      if (predictOptions.sequences.some((sequence) => sequence.length !== length))
        throw new Error("All sequences of one call must have the same length.");
      calls.push({
        sequences: predictOptions.sequences.map((sequence) => [...sequence]),
        positions: predictOptions.positions.map((positions) => [...positions]),
        topK: predictOptions.topK,
      });
      const distributions = predictOptions.sequences.map((sequence, row) =>
        (predictOptions.positions[row] ?? []).map((position): PositionDistribution => {
          const values = options.logitsAt({ sequence, position });
          if (values.length !== vocabulary.length)
            throw new Error(`logitsAt returned ${values.length} logits for a vocabulary of ${vocabulary.length}.`);
          const logits = Float32Array.from(values);
          return predictOptions.topK === undefined
            ? { kind: "logits", logits }
            : toTopK({ logits, k: predictOptions.topK });
        }),
      );
      return { distributions, warnings: [] };
    },
  };
}
