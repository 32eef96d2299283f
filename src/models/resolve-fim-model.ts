import { createFimCompletionsModel } from "./create-fim-completions-model.js";
import { createJsonPoster } from "./create-json-poster.js";
import { type ResolvedModel, type ResolveModelOptions, wrapResolvedModel } from "./resolve-model.js";

/** Options of {@link resolveFimModel}: a FIM endpoint and the shared parts every resolved model takes. */
export type ResolveFimModelOptions = Omit<ResolveModelOptions, "spec" | "apiKeys" | "baseURLs" | "customModels"> & {
  /** API base, e.g. `https://api.inceptionlabs.ai/v1`. */
  readonly baseURL: string;
  /** The model name sent as `model`, e.g. `mercury-coder`. */
  readonly modelId: string;
  /** Bearer key of the endpoint; never stored, logged or shown. */
  readonly apiKey?: string | undefined;
};

/**
 * A fill-in-the-middle endpoint as a resolved model (`createFimCompletionsModel` under `wrapModel`): its calls get the
 * call cache (keyed by base URL, model, prompt, suffix and sampling settings), the AIMD limiter, retries with
 * `Retry-After`, the per-attempt timeout, the usage meter (identity `fim:<model>`, so its tokens and cost count in the
 * spend table and the USD and token budgets) and the `admit` gate, like every other model.
 */
export function resolveFimModel(options: ResolveFimModelOptions): ResolvedModel {
  const { baseURL, apiKey } = options;
  const model = createFimCompletionsModel({
    modelId: options.modelId,
    baseURL,
    apiKey,
    poster: createJsonPoster({ fetch: options.fetch }),
  });
  const secrets = apiKey === undefined ? [] : [apiKey];
  return wrapResolvedModel({ options, inner: { model, modelId: `fim:${options.modelId}`, baseURL, secrets } });
}
