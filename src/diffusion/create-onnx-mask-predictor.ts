import { join } from "node:path";
import ort from "onnxruntime-node";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { MaskPredictor, PositionDistribution, PredictOptions, PredictResult } from "../spec/mask-predictor.js";
import { createHuggingFaceTokenizer, type HuggingFaceTokenizer } from "./create-hugging-face-tokenizer.js";
import { loadOnnxModelConfig, type OnnxModelConfig } from "./onnx-model-config.js";
import { readJsonFile } from "./read-json-file.js";
import { toTopK } from "./to-top-k.js";

/** Options of `createOnnxMaskPredictor`. */
export interface OnnxMaskPredictorOptions {
  /** Model directory holding `model.onnx`, `tokenizer.json`, `config.json` (and optionally `tokenizer_config.json`). */
  readonly directory: string;
  /** onnxruntime execution providers in order of preference; default `["cpu"]`. */
  readonly executionProviders?: readonly string[] | undefined;
  /** Threads inside one operator; default: onnxruntime's choice (all cores). */
  readonly intraOpThreads?: number | undefined;
}

/** A `MaskPredictor` running an ONNX model in process; also exposes its parsed `config.json`. */
export interface OnnxMaskPredictor extends MaskPredictor {
  readonly config: OnnxModelConfig;
  readonly tokenizer: HuggingFaceTokenizer;
  close(): Promise<void>;
}

/**
 * Loads a model directory (see the model directory contract in docs/remote-logits.md) into an in-process `MaskPredictor`
 * backed by onnxruntime-node. `doPredict` runs all sequences as one batch; softmax and top-k happen in JS over the asked
 * positions only. Call `close()` to free the native session.
 *
 * @throws InvalidInputError naming the file and field when the directory, `config.json`, `tokenizer.json` or
 *   `model.onnx` is missing or inconsistent (e.g. an input name the model does not have).
 */
export async function createOnnxMaskPredictor(options: OnnxMaskPredictorOptions): Promise<OnnxMaskPredictor> {
  const config = await loadOnnxModelConfig({ directory: options.directory });
  const tokenizer = await loadTokenizer(options.directory);
  const modelFile = join(options.directory, "model.onnx");
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelFile, {
      executionProviders: [...(options.executionProviders ?? ["cpu"])],
      graphOptimizationLevel: "all",
      ...(options.intraOpThreads === undefined ? {} : { intraOpNumThreads: options.intraOpThreads }),
    });
  } catch (error) {
    throw new InvalidInputError({
      message: `cannot be loaded by onnxruntime (${String(error)}).`,
      location: { file: modelFile },
      cause: error,
    });
  }
  const configFile = join(options.directory, "config.json");
  const wanted: [string, string | null][] = [
    ["inputNames.inputIds", config.inputNames.inputIds],
    ["inputNames.attentionMask", config.inputNames.attentionMask],
  ];
  for (const [field, name] of wanted)
    if (name !== null && !session.inputNames.includes(name))
      throw new InvalidInputError({
        message: `the model has no input "${name}" (inputs: ${session.inputNames.join(", ")}).`,
        location: { file: configFile, field },
      });
  const named = new Set(wanted.map(([, name]) => name));
  const unnamed = session.inputNames.filter((name) => !named.has(name));
  if (unnamed.length > 0)
    throw new InvalidInputError({
      message: `the model also needs input(s) ${unnamed.map((name) => `"${name}"`).join(", ")}, which dlmpo cannot feed.`,
      location: { file: configFile, field: "inputNames" },
    });
  if (!session.outputNames.includes(config.outputName))
    throw new InvalidInputError({
      message: `the model has no output "${config.outputName}" (outputs: ${session.outputNames.join(", ")}).`,
      location: { file: configFile, field: "outputName" },
    });
  return {
    specificationVersion: "v1",
    modelId: config.modelId,
    maskTokenId: config.maskTokenId,
    endTokenId: config.endTokenId,
    vocabSize: config.vocabSize,
    contextLength: config.contextLength,
    tokenizer,
    chatTemplate: config.chatTemplate ?? undefined,
    config,
    doPredict: (predictOptions) => runSession({ session, config, predictOptions }),
    close: () => session.release(),
  };
}

async function loadTokenizer(directory: string): Promise<HuggingFaceTokenizer> {
  const file = join(directory, "tokenizer.json");
  const definition = await readJsonFile(file);
  const configFile = join(directory, "tokenizer_config.json");
  const config = await readJsonFile(configFile).catch(() => ({}));
  if (!isRecord(definition) || !isRecord(definition.model))
    throw new InvalidInputError({
      message: "is not a Hugging Face tokenizer definition.",
      location: { file, field: "model" },
    });
  try {
    return createHuggingFaceTokenizer({ definition, config: isRecord(config) ? config : {} });
  } catch (error) {
    throw new InvalidInputError({ message: `cannot be loaded (${String(error)}).`, location: { file }, cause: error });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function runSession(options: {
  readonly session: ort.InferenceSession;
  readonly config: OnnxModelConfig;
  readonly predictOptions: PredictOptions;
}): Promise<PredictResult> {
  const { session, config, predictOptions } = options;
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
  sequences.forEach((sequence, row) => {
    if (sequence.length !== length)
      throw new InvalidInputError({
        message: "All sequences of one call must have the same length.",
        location: { field: "sequences" },
      });
    sequence.forEach((token, column) => {
      if (!(token >= 0 && token < config.vocabSize))
        throw new InvalidInputError({
          message: `token id ${token} is outside the vocabulary of ${config.modelId} (0 … ${config.vocabSize - 1}).`,
          location: { field: `sequences[${row}][${column}]` },
        });
      ids[row * length + column] = BigInt(token);
    });
    for (const position of positions[row] ?? [])
      if (!(Number.isInteger(position) && position >= 0 && position < length))
        throw new InvalidInputError({
          message: `position ${position} is outside the sequence.`,
          location: { field: `positions[${row}]` },
        });
  });
  const dims = [sequences.length, length];
  const feeds: Record<string, ort.Tensor> = { [config.inputNames.inputIds]: new ort.Tensor("int64", ids, dims) };
  if (config.inputNames.attentionMask !== null)
    feeds[config.inputNames.attentionMask] = new ort.Tensor("int64", new BigInt64Array(ids.length).fill(1n), dims);
  const output = (await session.run(feeds))[config.outputName];
  const vocab = output?.dims[2];
  if (output === undefined || !(output.data instanceof Float32Array) || vocab !== config.vocabSize)
    throw new DlmpoError({
      code: "provider-error",
      message: `${config.modelId}: output "${config.outputName}" is not float32 [batch, sequence, ${config.vocabSize}] (got dims ${output?.dims.join("×") ?? "none"}).`,
    });
  const logits = output.data;
  const distributions = sequences.map((_, row) =>
    (positions[row] ?? []).map((position): PositionDistribution => {
      const start = (row * length + position) * vocab;
      // A view, not a copy: the output tensor outlives this call only through these views.
      const slice = logits.subarray(start, start + vocab);
      return predictOptions.topK === undefined
        ? { kind: "logits", logits: slice }
        : toTopK({ logits: slice, k: predictOptions.topK });
    }),
  );
  return { distributions, warnings: [] };
}
