import type ort from "onnxruntime-node";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { PositionDistribution, PredictOptions, PredictResult } from "../spec/mask-predictor.js";
import { rowNames } from "./extend-onnx-model.js";
import type { OnnxModelConfig } from "./onnx-model-config.js";
import { toTopK } from "./to-top-k.js";

/** Options of `runOnnxPrediction`. */
export interface RunOnnxPredictionOptions {
  /** onnxruntime's module (its `Tensor` class builds the feeds). */
  readonly runtime: typeof ort;
  readonly session: ort.InferenceSession;
  readonly config: OnnxModelConfig;
  /** True when the session was made from `extendOnnxModel`'s bytes: rows are picked (and top-k taken) natively. */
  readonly extended: boolean;
  readonly predictOptions: PredictOptions;
}

/**
 * One batched forward pass of an ONNX masked LM, answering `doPredict`: full logits (views into one buffer, no copy per
 * position) or top-k log-probabilities at the asked positions. With an extended session only those rows leave
 * onnxruntime, and top-k with the log-partition is computed there; otherwise the whole logits tensor comes back and
 * top-k is taken in JS.
 *
 * @throws InvalidInputError for sequences of unequal length, token ids outside the vocabulary, or positions outside the
 *   sequence (naming the field); DlmpoError `aborted`, or `provider-error` when the model's output has the wrong shape.
 */
export async function runOnnxPrediction(options: RunOnnxPredictionOptions): Promise<PredictResult> {
  const { runtime, session, config, predictOptions } = options;
  const { sequences, positions } = predictOptions;
  if (sequences.length === 0) return { distributions: [], warnings: [] };
  if (predictOptions.abortSignal?.aborted)
    throw new DlmpoError({
      code: "aborted",
      message: "Prediction was aborted.",
      cause: predictOptions.abortSignal.reason,
    });
  const length = sequences[0]?.length ?? 0;
  const ids = new BigInt64Array(sequences.length * length);
  const rows: number[] = [];
  sequences.forEach((sequence, row) => {
    if (sequence.length !== length)
      throw new InvalidInputError({
        message: "All sequences of one call must have the same length.",
        location: { field: "sequences" },
      });
    for (let column = 0; column < length; column += 1) {
      const token = sequence[column] ?? -1;
      if (!(token >= 0 && token < config.vocabSize))
        throw new InvalidInputError({
          message: `token id ${token} is outside the vocabulary of ${config.modelId} (0 … ${config.vocabSize - 1}).`,
          location: { field: `sequences[${row}][${column}]` },
        });
      ids[row * length + column] = BigInt(token);
    }
    for (const position of positions[row] ?? []) {
      if (!(Number.isInteger(position) && position >= 0 && position < length))
        throw new InvalidInputError({
          message: `position ${position} is outside the sequence.`,
          location: { field: `positions[${row}]` },
        });
      rows.push(row * length + position);
    }
  });
  const dims = [sequences.length, length];
  const feeds: Record<string, ort.Tensor> = { [config.inputNames.inputIds]: new runtime.Tensor("int64", ids, dims) };
  if (config.inputNames.attentionMask !== null)
    feeds[config.inputNames.attentionMask] = new runtime.Tensor("int64", new BigInt64Array(ids.length).fill(1n), dims);
  const k =
    predictOptions.topK === undefined
      ? undefined
      : Math.max(1, Math.min(Math.floor(predictOptions.topK), config.vocabSize));
  const flat = options.extended
    ? await runExtended({ runtime, session, config, feeds, rows, k })
    : await runPlain({ session, config, feeds, rows, k });
  let next = 0;
  const distributions = sequences.map((_, row) =>
    (positions[row] ?? []).map(() => {
      const distribution = flat[next];
      next += 1;
      if (distribution === undefined) throw new Error("runOnnxPrediction lost a row.");
      return distribution;
    }),
  );
  return { distributions, warnings: [] };
}

function outputError(config: OnnxModelConfig, name: string, dims: readonly number[] | undefined): DlmpoError {
  return new DlmpoError({
    code: "provider-error",
    message: `${config.modelId}: output "${name}" is not float32 [batch, sequence, ${config.vocabSize}] (got dims ${dims?.join("×") ?? "none"}).`,
  });
}

/** The whole `[batch, sequence, vocab]` output comes back; rows are views into it. */
async function runPlain(options: {
  readonly session: ort.InferenceSession;
  readonly config: OnnxModelConfig;
  readonly feeds: Record<string, ort.Tensor>;
  readonly rows: readonly number[];
  readonly k: number | undefined;
}): Promise<PositionDistribution[]> {
  const { config, k } = options;
  const output = (await options.session.run(options.feeds))[config.outputName];
  const vocab = output?.dims[2];
  if (output === undefined || !(output.data instanceof Float32Array) || vocab !== config.vocabSize)
    throw outputError(config, config.outputName, output?.dims);
  const logits = output.data;
  return options.rows.map((row): PositionDistribution => {
    // A view, not a copy: the output tensor outlives this call only through these views.
    const slice = logits.subarray(row * vocab, (row + 1) * vocab);
    return k === undefined ? { kind: "logits", logits: slice } : toTopK({ logits: slice, k });
  });
}

/** Only the asked rows come back: in full, or as native top-k log-probabilities. */
async function runExtended(options: {
  readonly runtime: typeof ort;
  readonly session: ort.InferenceSession;
  readonly config: OnnxModelConfig;
  readonly feeds: Record<string, ort.Tensor>;
  readonly rows: readonly number[];
  readonly k: number | undefined;
}): Promise<PositionDistribution[]> {
  const { runtime, config, rows, k } = options;
  const indices = (list: readonly number[]): ort.Tensor => {
    const data = new BigInt64Array(list.length);
    for (let index = 0; index < list.length; index += 1) data[index] = BigInt(list[index] ?? 0);
    return new runtime.Tensor("int64", data, [list.length]);
  };
  // onnxruntime's TopK crashes the process on zero rows, so the unused top-k branch gets one row (k = 1), which is
  // cheap; an empty Gather is fine.
  const topRows = k === undefined || rows.length === 0 ? [0] : rows;
  const feeds = {
    ...options.feeds,
    [rowNames.logitRows]: indices(k === undefined ? rows : []),
    [rowNames.topRows]: indices(topRows),
    [rowNames.topK]: new runtime.Tensor("int64", BigInt64Array.of(BigInt(k ?? 1)), [1]),
  };
  const vocab = config.vocabSize;
  if (k === undefined) {
    const output = (await options.session.run(feeds, [rowNames.rowLogits]))[rowNames.rowLogits];
    if (output === undefined || !(output.data instanceof Float32Array) || output.data.length !== rows.length * vocab)
      throw outputError(config, config.outputName, output?.dims);
    const logits = output.data;
    return rows.map((_, index) => ({ kind: "logits", logits: logits.subarray(index * vocab, (index + 1) * vocab) }));
  }
  const outputs = await options.session.run(feeds, [rowNames.topLogits, rowNames.topIds, rowNames.expSums]);
  const logits = outputs[rowNames.topLogits]?.data;
  const ids = outputs[rowNames.topIds]?.data;
  const sums = outputs[rowNames.expSums]?.data;
  if (
    !(logits instanceof Float32Array && ids instanceof BigInt64Array && sums instanceof Float64Array) ||
    logits.length !== topRows.length * k ||
    sums.length !== topRows.length
  )
    throw outputError(config, config.outputName, outputs[rowNames.topLogits]?.dims);
  // Plain loops: TypedArray.from with a map function costs more than the rest of this call on a small model.
  return rows.map((_, row) => {
    // The first top-k logit is the row maximum the sums were taken against.
    const logNormalizer = (logits[row * k] ?? 0) + Math.log(sums[row] ?? 1);
    const tokenIds = new Int32Array(k);
    const logProbs = new Float32Array(k);
    for (let rank = 0; rank < k; rank += 1) {
      tokenIds[rank] = Number(ids[row * k + rank] ?? -1n);
      logProbs[rank] = (logits[row * k + rank] ?? Number.NEGATIVE_INFINITY) - logNormalizer;
    }
    return { kind: "top-k", tokenIds, logProbs };
  });
}
