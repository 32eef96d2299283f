import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type ort from "onnxruntime-node";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { MaskPredictor } from "../spec/mask-predictor.js";
import { createHuggingFaceTokenizer, type HuggingFaceTokenizer } from "./create-hugging-face-tokenizer.js";
import { extendOnnxModel, rowNames } from "./extend-onnx-model.js";
import { loadOnnxModelConfig, type OnnxModelConfig } from "./onnx-model-config.js";
import { readJsonFile } from "./read-json-file.js";
import { runOnnxPrediction } from "./run-onnx-prediction.js";

// Models above this size are loaded from their path as they are: extending one means holding its bytes in memory
// (and protobuf cannot hold 2 GiB in one message anyway; such models keep their weights in external data files).
const extendLimitBytes = 512 * 1024 * 1024;

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
  /** True when the model was extended to pick the asked rows and take top-k natively (see `extendOnnxModel`). */
  readonly prefersTopK: boolean;
  readonly tokenizer: HuggingFaceTokenizer;
  close(): Promise<void>;
}

/**
 * Loads a model directory (see the model directory contract in docs/remote-logits.md) into an in-process `MaskPredictor`
 * backed by onnxruntime-node. `doPredict` runs all sequences as one batch. The model is first extended with a few nodes
 * (`extendOnnxModel`) so that only the asked positions' logits leave onnxruntime and top-k log-probabilities are
 * computed there (`prefersTopK` is then true); a model that cannot be extended (operator set < 11, larger than 512 MiB,
 * external weights) runs as it is, with top-k taken in JS. Call `close()` to free the native session.
 *
 * @throws InvalidInputError naming the file and field when the directory, `config.json`, `tokenizer.json` or
 *   `model.onnx` is missing or inconsistent (e.g. an input name the model does not have).
 */
export async function createOnnxMaskPredictor(options: OnnxMaskPredictorOptions): Promise<OnnxMaskPredictor> {
  const config = await loadOnnxModelConfig({ directory: options.directory });
  // The native runtime loads with the first predictor, not with every command that could make one.
  const runtime = (await import("onnxruntime-node")).default;
  const tokenizer = await loadTokenizer(options.directory);
  const modelFile = join(options.directory, "model.onnx");
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: [...(options.executionProviders ?? ["cpu"])],
    graphOptimizationLevel: "all",
    ...(options.intraOpThreads === undefined ? {} : { intraOpNumThreads: options.intraOpThreads }),
  };
  let session = await createExtendedSession({ runtime, modelFile, config, sessionOptions });
  const extended = session !== undefined;
  try {
    session ??= await runtime.InferenceSession.create(modelFile, sessionOptions);
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
  const named = new Set<string | null>([
    ...wanted.map(([, name]) => name),
    ...(extended ? [rowNames.logitRows, rowNames.topRows, rowNames.topK] : []),
  ]);
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
    recommended: config.recommended,
    config,
    prefersTopK: extended,
    doPredict: (predictOptions) => runOnnxPrediction({ runtime, session, config, extended, predictOptions }),
    close: () => session.release(),
  };
}

/** The session of the extended model, or undefined when the model cannot be extended (then it is loaded as it is). */
async function createExtendedSession(options: {
  readonly modelFile: string;
  readonly config: OnnxModelConfig;
  readonly sessionOptions: ort.InferenceSession.SessionOptions;
  readonly runtime: typeof ort;
}): Promise<ort.InferenceSession | undefined> {
  const size = await stat(options.modelFile).then(
    (stats) => stats.size,
    () => undefined,
  );
  if (size === undefined || size > extendLimitBytes) return undefined;
  const model = extendOnnxModel({
    model: await readFile(options.modelFile),
    outputName: options.config.outputName,
    vocabSize: options.config.vocabSize,
  });
  if (model === undefined) return undefined;
  // Any failure here (external weights, an output name the model lacks, …) falls back to the model as it is, whose
  // loading then reports the problem.
  return options.runtime.InferenceSession.create(model, options.sessionOptions).catch(() => undefined);
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
