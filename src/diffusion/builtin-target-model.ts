import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  SharedV3Warning,
} from "@ai-sdk/provider";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import { createSeededRandom } from "../internal/seeded-random.js";
import type { MaskPredictor, PositionDistribution } from "../spec/mask-predictor.js";
import type { DiffusionSettings } from "../spec/proposer.js";
import { denoise } from "./denoise.js";
import { mapPredictorDistributions } from "./map-predictor-distributions.js";

/** The name the CLI registers the built-in target under (`--target builtin`). */
export const BUILTIN_TARGET_NAME = "builtin";

export interface BuiltinTargetModelOptions {
  /** The built-in model (`createBuiltinMaskPredictor()`), or any predictor trained on the same layout. */
  readonly predictor: MaskPredictor;
  /** Mask slots after `Answer:`; 1–32, default 4. A call's `maxOutputTokens` lowers it. */
  readonly answerSlots?: number | undefined;
  /** Sampler settings; default one step per slot, `low_confidence` remasking, argmax (temperature 0), no guidance. */
  readonly settings?: DiffusionSettings | undefined;
  /** Seed of the sampler's random stream (used only by sampling settings); default 0. A call's `seed` overrides it. */
  readonly seed?: number | undefined;
}

const unsupportedSettings = ["topP", "topK", "presencePenalty", "frequencyPenalty", "stopSequences", "tools"] as const;

/**
 * A `LanguageModelV3` answering by cloze (PET style) with a masked-diffusion model: it lays out
 * `<system prompt>\n<user message>\nAnswer:` followed by `answerSlots` mask tokens, fills them with the sampler
 * (`denoise`), drops the slots that decode to the end token and returns the rest as the text. The first slot may not
 * be the end token (an answer is never empty), so a model unsure between "no answer" and a word still names its best
 * word. Deterministic for the
 * same prompt, settings and seed. Usage counts tokens: input = the laid-out prompt, output = the kept answer tokens.
 * When the layout is longer than the model's context, the oldest tokens are cut and a warning says so.
 *
 * @throws InvalidInputError when `answerSlots` is out of range or leaves no room in the context.
 */
export function createBuiltinTargetModel(options: BuiltinTargetModelOptions): LanguageModelV3 {
  const { predictor } = options;
  const answerSlots = options.answerSlots ?? 4;
  if (!Number.isInteger(answerSlots) || answerSlots < 1 || answerSlots > 32 || answerSlots >= predictor.contextLength)
    throw new InvalidInputError({
      message: `must be an integer from 1 to 32 below the context length ${predictor.contextLength} (got ${answerSlots}).`,
      location: { field: "answerSlots" },
    });
  const generate = async (call: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> => {
    const warnings: SharedV3Warning[] = unsupportedSettings
      .filter((name) => {
        const value = call[name];
        return value !== undefined && !(Array.isArray(value) && value.length === 0);
      })
      .map((feature) => ({ type: "unsupported", feature }));
    if (call.responseFormat !== undefined && call.responseFormat.type !== "text")
      warnings.push({ type: "unsupported", feature: "responseFormat", details: "the built-in target answers in text" });
    const slots = Math.max(1, Math.min(answerSlots, call.maxOutputTokens ?? answerSlots));
    const promptIds = predictor.tokenizer.encode(`${layoutPrompt(call.prompt)}\nAnswer:`);
    const room = predictor.contextLength - slots;
    if (promptIds.length > room)
      warnings.push({
        type: "other",
        message: `The prompt has ${promptIds.length} tokens; the built-in model reads ${room}, so the first ${promptIds.length - room} were cut.`,
      });
    const kept = promptIds.slice(Math.max(0, promptIds.length - room));
    const settings = withTemperature(options.settings ?? defaultSettings(slots), call.temperature);
    const result = await denoise({
      predictor: withoutEndAt({ predictor, position: kept.length }),
      tokens: [...kept, ...Array.from({ length: slots }, () => predictor.maskTokenId)],
      settings,
      random: createSeededRandom(call.seed ?? options.seed ?? 0),
      abortSignal: call.abortSignal,
    });
    const answerIds = result.tokens.slice(kept.length).filter((id) => id !== predictor.endTokenId);
    const text = answerIds.length === 0 ? "" : predictor.tokenizer.decode(answerIds).trim();
    for (const warning of result.warnings) warnings.push({ type: "other", message: warning });
    return {
      content: text === "" ? [] : [{ type: "text", text }],
      finishReason: { unified: "stop", raw: undefined },
      usage: {
        inputTokens: { total: kept.length, noCache: kept.length, cacheRead: undefined, cacheWrite: undefined },
        outputTokens: { total: answerIds.length, text: answerIds.length, reasoning: undefined },
      },
      providerMetadata: { dlmpo: { forwardPasses: result.forwardPasses, answerSlots: slots } },
      response: { modelId: predictor.modelId },
      warnings,
    };
  };
  return {
    specificationVersion: "v3",
    provider: BUILTIN_TARGET_NAME,
    modelId: predictor.modelId,
    supportedUrls: {},
    doGenerate: generate,
    async doStream(call) {
      const result = await generate(call);
      const parts = streamParts(result);
      return {
        stream: new ReadableStream<LanguageModelV3StreamPart>({
          start(controller) {
            for (const part of parts) controller.enqueue(part);
            controller.close();
          },
        }),
      };
    },
  };
}

/** The system messages, then the conversation; earlier model answers are shown as `Answer: …` lines. */
function layoutPrompt(prompt: LanguageModelV3Prompt): string {
  const textOf = (parts: readonly { readonly type: string; readonly text?: string }[]): string =>
    parts.flatMap((part) => (part.type === "text" && part.text !== undefined ? [part.text] : [])).join("\n");
  const system = prompt.flatMap((message) => (message.role === "system" ? [message.content] : []));
  const turns = prompt.flatMap((message): string[] => {
    if (message.role === "user") return [textOf(message.content)];
    if (message.role === "assistant") return [`Answer: ${textOf(message.content)}`];
    return [];
  });
  return [...system, ...turns].join("\n");
}

/** The predictor, with the end token ruled out at one position (the first answer slot). */
function withoutEndAt(options: { readonly predictor: MaskPredictor; readonly position: number }): MaskPredictor {
  const { predictor, position } = options;
  const rule = (distribution: PositionDistribution): PositionDistribution => {
    if (distribution.kind === "logits") {
      const logits = Float32Array.from(distribution.logits);
      logits[predictor.endTokenId] = Number.NEGATIVE_INFINITY;
      return { kind: "logits", logits };
    }
    const keep = [...distribution.tokenIds.keys()].filter((i) => distribution.tokenIds[i] !== predictor.endTokenId);
    return {
      kind: "top-k",
      tokenIds: Int32Array.from(keep, (i) => distribution.tokenIds[i] ?? predictor.endTokenId),
      logProbs: Float32Array.from(keep, (i) => distribution.logProbs[i] ?? Number.NEGATIVE_INFINITY),
    };
  };
  return mapPredictorDistributions({
    predictor,
    map: (distribution, at) => (at === position ? rule(distribution) : distribution),
  });
}

function defaultSettings(slots: number): DiffusionSettings {
  return { steps: slots, remasking: "low_confidence", temperature: 0, cfgScale: 0 };
}

function withTemperature(settings: DiffusionSettings, temperature: number | undefined): DiffusionSettings {
  return temperature === undefined ? settings : { ...settings, temperature };
}

function streamParts(result: LanguageModelV3GenerateResult): LanguageModelV3StreamPart[] {
  const text = result.content.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
  return [
    { type: "stream-start", warnings: result.warnings },
    ...(text === ""
      ? []
      : ([
          { type: "text-start", id: "0" },
          { type: "text-delta", id: "0", delta: text },
          { type: "text-end", id: "0" },
        ] satisfies LanguageModelV3StreamPart[])),
    {
      type: "finish",
      usage: result.usage,
      finishReason: result.finishReason,
      ...(result.providerMetadata === undefined ? {} : { providerMetadata: result.providerMetadata }),
    },
  ];
}
