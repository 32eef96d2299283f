export {
  type AdaptiveLimiter,
  type AdaptiveLimiterSettings,
  createAdaptiveLimiter,
  defaultLimiterSettings,
  type LimiterPermit,
  type LimiterState,
  type PermitOutcome,
} from "./adaptive-limiter.js";
export { type CachedResult, fromCachedResult, toCachedResult } from "./cached-result.js";
export { callCacheKey, dlmpoProviderOptionsKey, sampleIndexOf } from "./call-cache-key.js";
export { callWithRetries, defaultRetrySettings, type RetrySettings } from "./call-with-retries.js";
export { type CallErrorClass, classifyCallError, parseRetryAfterMs } from "./classify-call-error.js";
export { type ChatCompletionsModelOptions, createChatCompletionsModel } from "./create-chat-completions-model.js";
export {
  createJsonPoster,
  type JsonPoster,
  type JsonPostRequest,
  type JsonPostResponse,
} from "./create-json-poster.js";
export { createNodeHttpFetch } from "./create-node-http-fetch.js";
export { normalizeBaseUrl } from "./normalize-base-url.js";
export { type KnownProvider, knownProviders, type ModelSpec, parseModelSpec } from "./parse-model-spec.js";
export { costUsd, defaultPriceTable, findModelPrice, type ModelPrice } from "./price-table.js";
export { type ResolvedModel, type ResolveModelOptions, resolveModel } from "./resolve-model.js";
export { scopeCallCache } from "./scope-call-cache.js";
export { streamFromResult } from "./stream-from-result.js";
export type { ChatCompletionsDialect } from "./to-chat-completions-body.js";
export {
  callCostUsd,
  createUsageMeter,
  type ModelCallEvent,
  type ModelUsage,
  type UsageMeter,
} from "./usage-meter.js";
export { type AdmitInfo, type CacheMode, type WrapModelOptions, wrapModel } from "./wrap-model.js";
