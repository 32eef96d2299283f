import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { stableHash } from "../internal/stable-hash.js";

/** Provider-options namespace dlmpo reads (`providerOptions.dlmpo`). */
export const dlmpoProviderOptionsKey = "dlmpo";

/** The sample index of a call: `providerOptions.dlmpo.sampleIndex` when it is a number ≥ 0, else 0. */
export function sampleIndexOf(options: LanguageModelV3CallOptions): number {
  const value = options.providerOptions?.[dlmpoProviderOptionsKey]?.sampleIndex;
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : 0;
}

/**
 * The content address of a call: SHA-256 over the model identity (provider and model), the server's base URL
 * (already normalised, see `normalizeBaseUrl`; absent for in-process models), every sampling parameter, the prompt (messages),
 * tools, tool choice, response format and provider options (except dlmpo's own). The sample index joins the key only
 * when `temperature > 0`, or when the temperature is left to the provider's default and the caller says it samples
 * (`providerOptions.dlmpo.sampled: true`); greedy calls are the same call whatever the trial. Headers and the abort signal are left
 * out: they do not change the answer, and headers may carry secrets.
 */
export function callCacheKey(options: {
  readonly modelId: string;
  readonly baseURL?: string | undefined;
  readonly call: LanguageModelV3CallOptions;
}): string {
  const { call } = options;
  const { [dlmpoProviderOptionsKey]: _dlmpo, ...providerOptions } = call.providerOptions ?? {};
  const sampledAtDefault = call.temperature === undefined && _dlmpo?.sampled === true;
  const isSampled = (call.temperature ?? 0) > 0 || sampledAtDefault;
  return stableHash({
    version: 2,
    modelId: options.modelId,
    baseURL: options.baseURL,
    prompt: call.prompt,
    maxOutputTokens: call.maxOutputTokens,
    temperature: call.temperature,
    stopSequences: call.stopSequences,
    topP: call.topP,
    topK: call.topK,
    presencePenalty: call.presencePenalty,
    frequencyPenalty: call.frequencyPenalty,
    responseFormat: call.responseFormat,
    seed: call.seed,
    tools: call.tools,
    toolChoice: call.toolChoice,
    providerOptions,
    sampleIndex: isSampled ? sampleIndexOf(call) : undefined,
  });
}
