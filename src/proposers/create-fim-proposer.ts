import { fillPrompt } from "../prompt/fill-prompt.js";
import { maskPrompt } from "../prompt/mask-prompt.js";
import type { MaskedSpan, ProposedCandidate, ProposeOptions, Proposer } from "../spec/proposer.js";
import { layoutPlainInfill } from "./layout-plain-infill.js";
import { postFimCompletion } from "./post-fim-completion.js";
import { toDiffusionProviderOptions } from "./to-diffusion-provider-options.js";

/** Options of {@link createFimProposer}. */
export interface FimProposerOptions {
  /** API base, e.g. `https://api.inceptionlabs.ai/v1`; requests go to `{baseURL}/fim/completions`. */
  readonly baseURL: string;
  readonly model: string;
  /** Sent as `Authorization: Bearer …`; never logged or stored. */
  readonly apiKey?: string | undefined;
  /** Default: the global `fetch`. */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** Sampling temperature sent with each request. Default 1, so the K candidates differ. */
  readonly temperature?: number | undefined;
  /** Retries of one request after network errors, 408/409/429/5xx. Default 3. */
  readonly maxRetries?: number | undefined;
  /** Also send the diffusion settings (`toDiffusionProviderOptions`) in the body, for servers that take them. Default false. */
  readonly sendDiffusionSettings?: boolean | undefined;
  /** Characters of conditioning to accept. Default 8000. */
  readonly conditioningBudgetChars?: number | undefined;
}

/**
 * A proposer for fill-in-the-middle endpoints (Inception's Mercury and other OpenAI-style `/fim/completions` servers):
 * one request per span, spans filled left to right. The `prompt` field is the plain infill layout (feedback, then the
 * prompt up to the span, earlier spans already filled); `suffix` is the prompt after the span, as it was. `max_tokens`
 * is the span's slots; candidate k sends `seed + k`.
 *
 * @throws InvalidInputError for bad spans; DlmpoError `provider-error` when the server fails after retries or answers
 *   with the wrong shape; `aborted`.
 */
export function createFimProposer(options: FimProposerOptions): Proposer {
  const url = `${options.baseURL.replace(/\/+$/, "")}/fim/completions`;
  const fetchImplementation = options.fetch ?? globalThis.fetch;
  return {
    specificationVersion: "v1",
    id: `fim:${options.model}`,
    conditioningBudgetChars: options.conditioningBudgetChars ?? 8000,
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
            const text = await postFimCompletion({
              url,
              body: requestBody({ options, propose, span, sampleIndex, before }),
              apiKey: options.apiKey,
              fetch: fetchImplementation,
              runtime: propose.runtime,
              maxRetries: options.maxRetries ?? 3,
              abortSignal: propose.abortSignal,
            });
            fills[index] = text.trim();
            done.push({ span, fill: text.trim() });
          }
          const prompt = fillPrompt({ prompt: propose.prompt, maskedSpans: propose.maskedSpans, fills });
          return { prompt, fills, maskedSpans: propose.maskedSpans, cost: { calls: order.length } };
        }),
      );
      return { candidates, warnings: [] };
    },
  };
}

function requestBody(options: {
  readonly options: FimProposerOptions;
  readonly propose: ProposeOptions;
  readonly span: MaskedSpan;
  readonly sampleIndex: number;
  readonly before: string;
}): Record<string, unknown> {
  const { propose, span } = options;
  return {
    model: options.options.model,
    prompt: layoutPlainInfill({ conditioning: propose.conditioning, maskedPrompt: options.before }),
    suffix: propose.prompt.slice(span.end),
    max_tokens: span.slots,
    temperature: options.options.temperature ?? 1,
    seed: propose.seed + options.sampleIndex,
    ...(options.options.sendDiffusionSettings === true ? toDiffusionProviderOptions(propose.diffusion) : {}),
  };
}
