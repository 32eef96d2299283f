import type { LanguageModelV3, SharedV3ProviderOptions } from "@ai-sdk/provider";
import type { ModelMessage } from "ai";
import { fillPrompt } from "../prompt/fill-prompt.js";
import { maskPrompt } from "../prompt/mask-prompt.js";
import type { ProposeOptions, Proposer } from "../spec/proposer.js";
import { buildChatInfillRequest, type ChatInfillRequest, missingFillsMessage } from "./build-chat-infill-messages.js";
import { type GapStyle, renderGap } from "./gap-style.js";
import { type ParsedFills, parseFills } from "./parse-fills.js";
import { parseMaskTokenFills } from "./parse-mask-token-fills.js";
import { toDiffusionProviderOptions } from "./to-diffusion-provider-options.js";
import { type ProposeOutcome, toProposeResult } from "./to-propose-result.js";

/** Options of {@link createChatInfillProposer}. */
export interface ChatInfillProposerOptions {
  /** Any chat model (a DLM behind a chat API, or an AR model for the "ar-infill" baseline), ideally wrapped by models/. */
  readonly model: LanguageModelV3;
  /** Extra provider options sent with every call (merged under the ones this proposer sets). */
  readonly providerOptions?: SharedV3ProviderOptions | undefined;
  /**
   * Provider-options namespace that receives the diffusion settings (see `toDiffusionProviderOptions`); an
   * OpenAI-compatible provider copies that namespace's fields into the request body. Default: the provider name of
   * `model` (the part of `model.provider` before the first dot) in camelCase, e.g. `openaiCompatible`. `false` sends none.
   */
  readonly diffusionOptionsKey?: string | false | undefined;
  /**
   * Diffusion body fields the server accepts (e.g. `["steps", "block_length"]`); the others are not sent and each
   * proposal warns about them. Default: all of `toDiffusionProviderOptions`.
   */
  readonly diffusionFields?: readonly string[] | undefined;
  /** How gaps are shown (see `GapStyle`); default `numbered`. */
  readonly gapStyle?: GapStyle | undefined;
  /** The mask token of the `mask-token` gap style; default `<|mdm_mask|>`. */
  readonly maskToken?: string | undefined;
  /** Sampling temperature of the chat model, in [0, 2]. Default 1, so the K candidates differ. */
  readonly temperature?: number | undefined;
  /** Cap on answer tokens. Default: 64 + 2 × the slots of all spans. */
  readonly maxOutputTokens?: number | undefined;
  /** Characters of conditioning to accept. Default 16000. */
  readonly conditioningBudgetChars?: number | undefined;
}

/**
 * A proposer that asks a chat model to fill the masked spans, shown as numbered markers `[[1]]`, `[[2]]`… with the
 * conditioning as feedback; the answer is read by `parseFills`, and when markers are missing the model is asked once
 * more with a corrective message. Candidate k is call k with `providerOptions.dlmpo.sampleIndex = k` and
 * `seed = seed + k`, so each has its own cache entry. A candidate whose answer still lacks fills is dropped with a warning.
 *
 * @throws InvalidInputError (from `maskPrompt`) for bad spans; provider failures from the model after its retries.
 */
export function createChatInfillProposer(options: ChatInfillProposerOptions): Proposer {
  const { model } = options;
  const diffusionKey = options.diffusionOptionsKey ?? toOptionsKey(model.provider);
  return {
    specificationVersion: "v1",
    id: `chat:${model.provider}:${model.modelId}`,
    conditioningBudgetChars: options.conditioningBudgetChars ?? 16_000,
    // Each candidate is one request, and one more when its answer lacks markers (the corrective retry).
    maxRequests: ({ count }) => 2 * count,
    async propose(propose) {
      const maskedPrompt = maskPrompt({ prompt: propose.prompt, maskedSpans: propose.maskedSpans });
      const request = buildChatInfillRequest({
        maskedPrompt,
        conditioning: propose.conditioning,
        gapStyle: options.gapStyle,
        maskToken: options.maskToken,
      });
      const diffusion = acceptedDiffusionFields(toDiffusionProviderOptions(propose.diffusion), options.diffusionFields);
      const totalSlots = propose.maskedSpans.reduce((sum, span) => sum + span.slots, 0);
      const maxOutputTokens = options.maxOutputTokens ?? 64 + 2 * totalSlots;
      const outcomes = await Promise.all(
        Array.from({ length: propose.count }, async (_, sampleIndex) => {
          const providerOptions: SharedV3ProviderOptions = {
            ...options.providerOptions,
            ...(diffusionKey === false
              ? {}
              : {
                  [diffusionKey]: {
                    ...options.providerOptions?.[diffusionKey],
                    ...diffusion.sent,
                  },
                }),
            dlmpo: { ...options.providerOptions?.dlmpo, sampleIndex },
          };
          const ask = async (messages: ModelMessage[]): Promise<string> => {
            // The AI SDK loads with the first chat call, so runs with an in-process DLM never load it.
            const { generateText } = await import("ai");
            const result = await generateText({
              model,
              system: request.system,
              messages,
              temperature: options.temperature ?? 1,
              seed: propose.seed + sampleIndex,
              maxOutputTokens,
              providerOptions,
              ...(propose.abortSignal === undefined ? {} : { abortSignal: propose.abortSignal }),
            });
            return result.text;
          };
          return proposeOne({ propose, request, ask });
        }),
      );
      const result = toProposeResult(outcomes);
      if (diffusion.dropped.length === 0) return result;
      const dropped = `${model.modelId}'s server takes no ${diffusion.dropped.join(", ")}; dlmpo did not send them.`;
      return { ...result, warnings: [dropped, ...result.warnings] };
    },
  };
}

async function proposeOne(options: {
  readonly propose: ProposeOptions;
  readonly request: ChatInfillRequest;
  readonly ask: (messages: ModelMessage[]) => Promise<string>;
}): Promise<ProposeOutcome> {
  const { propose, request, ask } = options;
  const count = request.spanIndexOfMarker.length;
  const messages: ModelMessage[] = [{ role: "user", content: request.user }];
  const firstAnswer = await ask(messages);
  let parsed = readFills(firstAnswer, request);
  let calls = 1;
  if (parsed.missing.length > 0) {
    const retryAnswer = await ask([
      ...messages,
      { role: "assistant", content: firstAnswer },
      {
        role: "user",
        content: missingFillsMessage({
          missing: parsed.missing,
          count,
          gapStyle: request.gapStyle,
          maskToken: request.maskToken,
        }),
      },
    ]);
    calls += 1;
    const retried = readFills(retryAnswer, request);
    const fills = retried.fills.map((fill, index) => fill ?? parsed.fills[index]);
    parsed = { fills, missing: fills.flatMap((fill, index) => (fill === undefined ? [index + 1] : [])) };
  }
  if (parsed.missing.length > 0) {
    const list = parsed.missing
      .map((marker) =>
        request.gapStyle === "mask-token"
          ? `gap ${marker}`
          : renderGap({ style: request.gapStyle, marker, slots: 0, maskToken: "" }),
      )
      .join(", ");
    const hint =
      request.gapStyle === "numbered"
        ? " If the model is a diffusion server that fills mask tokens, try --gap-style mask-token."
        : "";
    return {
      warning: `The model gave no text for ${list} after a corrective retry; the candidate was dropped.${hint}`,
      calls,
    };
  }
  const fills = new Array<string>(count).fill("");
  request.spanIndexOfMarker.forEach((spanIndex, marker) => {
    fills[spanIndex] = parsed.fills[marker] ?? "";
  });
  const prompt = fillPrompt({ prompt: propose.prompt, maskedSpans: propose.maskedSpans, fills });
  return { candidate: { prompt, fills, maskedSpans: propose.maskedSpans, cost: { calls } } };
}

function readFills(text: string, request: ChatInfillRequest): ParsedFills {
  return request.gapStyle === "mask-token"
    ? parseMaskTokenFills({ text, segments: request.segments, maskToken: request.maskToken })
    : parseFills({ text, count: request.spanIndexOfMarker.length });
}

function acceptedDiffusionFields(
  fields: Record<string, string | number>,
  accepted: readonly string[] | undefined,
): { readonly sent: Record<string, string | number>; readonly dropped: readonly string[] } {
  if (accepted === undefined) return { sent: fields, dropped: [] };
  const entries = Object.entries(fields);
  return {
    sent: Object.fromEntries(entries.filter(([name]) => accepted.includes(name))),
    dropped: entries.filter(([name]) => !accepted.includes(name)).map(([name, value]) => `${name}=${value}`),
  };
}

/** The provider-options key of a provider id: `openai-compatible.chat` → `openaiCompatible` (the non-deprecated spelling). */
function toOptionsKey(provider: string): string {
  const name = provider.split(".")[0] ?? provider;
  return name.replace(/[-_]+(\w)/g, (_match, letter: string) => letter.toUpperCase());
}
