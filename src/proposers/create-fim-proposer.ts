import type { LanguageModelV3 } from "@ai-sdk/provider";
import { fimProviderOptionsKey } from "../models/create-fim-completions-model.js";
import { fillPrompt } from "../prompt/fill-prompt.js";
import { maskPrompt } from "../prompt/mask-prompt.js";
import type { MaskedSpan, ProposedCandidate, ProposeOptions, Proposer } from "../spec/proposer.js";
import { layoutPlainInfill } from "./layout-plain-infill.js";
import { toDiffusionProviderOptions } from "./to-diffusion-provider-options.js";

/** Options of {@link createFimProposer}. */
export interface FimProposerOptions {
  /**
   * A fill-in-the-middle model, e.g. `resolveFimModel(…).model` (cache, limiter, retries, timeout, meter and budgets
   * come from the models layer); `createFimCompletionsModel` semantics: user text before the gap,
   * `providerOptions.fim.suffix` after it.
   */
  readonly model: LanguageModelV3;
  /** Sampling temperature sent with each request. Default 1, so the K candidates differ. */
  readonly temperature?: number | undefined;
  /** Also send the diffusion settings (`toDiffusionProviderOptions`) in the body, for servers that take them. Default false. */
  readonly sendDiffusionSettings?: boolean | undefined;
  /** Characters of conditioning to accept. Default 8000. */
  readonly conditioningBudgetChars?: number | undefined;
}

/**
 * A proposer for fill-in-the-middle endpoints (Inception's Mercury and other OpenAI-style `/fim/completions` servers):
 * one request per span, spans filled left to right. The prompt before the gap is the plain infill layout (feedback,
 * then the prompt up to the span, earlier spans already filled); the suffix is the prompt after the span, as it was.
 * `max_tokens` is the span's slots; candidate k sends `seed + k` and sample index k (its own cache entry).
 *
 * @throws InvalidInputError for bad spans; the model's DlmpoError (`provider-error`, `timeout`, `unreachable`,
 *   `budget-exhausted`, `aborted`) when a request fails after its retries.
 */
export function createFimProposer(options: FimProposerOptions): Proposer {
  const { model } = options;
  return {
    specificationVersion: "v1",
    id: `fim:${model.modelId}`,
    conditioningBudgetChars: options.conditioningBudgetChars ?? 8000,
    // One request per span per candidate.
    maxRequests: ({ count, spans }) => count * spans,
    async propose(propose) {
      maskPrompt({ prompt: propose.prompt, maskedSpans: propose.maskedSpans });
      const order = propose.maskedSpans
        .map((span, index) => ({ span, index }))
        .sort((a, b) => a.span.start - b.span.start);
      const candidates = await Promise.all(
        Array.from({ length: propose.count }, async (_, sampleIndex): Promise<ProposedCandidate> => {
          const fills = new Array<string>(propose.maskedSpans.length).fill("");
          const done: { span: MaskedSpan; fill: string }[] = [];
          for (const { span, index } of order) {
            const before = fillPrompt({
              prompt: propose.prompt.slice(0, span.start),
              maskedSpans: done.map((entry) => entry.span),
              fills: done.map((entry) => entry.fill),
            });
            const text = await fillGap({ options, propose, span, sampleIndex, before });
            fills[index] = text.trim();
            done.push({ span, fill: text.trim() });
          }
          const prompt = fillPrompt({ prompt: propose.prompt, maskedSpans: propose.maskedSpans, fills });
          return { prompt, fills, maskedSpans: propose.maskedSpans, cost: { calls: order.length } };
        }),
      );
      return { candidates, warnings: [], requests: propose.count * order.length };
    },
  };
}

async function fillGap(request: {
  readonly options: FimProposerOptions;
  readonly propose: ProposeOptions;
  readonly span: MaskedSpan;
  readonly sampleIndex: number;
  readonly before: string;
}): Promise<string> {
  const { options, propose, span, sampleIndex } = request;
  const prefix = layoutPlainInfill({ conditioning: propose.conditioning, maskedPrompt: request.before });
  const extra = options.sendDiffusionSettings === true ? toDiffusionProviderOptions(propose.diffusion) : {};
  const result = await options.model.doGenerate({
    prompt: [{ role: "user", content: [{ type: "text", text: prefix }] }],
    maxOutputTokens: span.slots,
    temperature: options.temperature ?? 1,
    seed: propose.seed + sampleIndex,
    providerOptions: {
      [fimProviderOptionsKey]: { suffix: propose.prompt.slice(span.end), extra },
      dlmpo: { sampleIndex },
    },
    ...(propose.abortSignal === undefined ? {} : { abortSignal: propose.abortSignal }),
  });
  return result.content.map((part) => (part.type === "text" ? part.text : "")).join("");
}
