import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from "@ai-sdk/provider";
import { DlmpoError } from "../errors/dlmpo-error.js";
import type { CallCache } from "../spec/call-cache.js";
import type { Runtime } from "../spec/runtime.js";
import type { AdaptiveLimiter } from "./adaptive-limiter.js";
import { fromCachedResult, toCachedResult } from "./cached-result.js";
import { callCacheKey } from "./call-cache-key.js";
import { callWithRetries, defaultRetrySettings, type RetrySettings } from "./call-with-retries.js";
import { normalizeBaseUrl } from "./normalize-base-url.js";
import { streamFromResult } from "./stream-from-result.js";
import { callCostUsd, type ModelCallEvent, type ModelUsage, type UsageMeter } from "./usage-meter.js";

/** How the call cache is used: read and write (`use`), write only (`refresh`), or not at all (`off`). */
export type CacheMode = "use" | "refresh" | "off";

/** What the `admit` gate sees before each uncached call. */
export interface AdmitInfo {
  readonly modelId: string;
  /** Usage of every model on the same meter, at this moment. */
  readonly usage: { readonly perModel: Readonly<Record<string, ModelUsage>>; readonly total: ModelUsage };
}

/** Options of {@link wrapModel}. */
export interface WrapModelOptions {
  readonly model: LanguageModelV3;
  /** Identity used for the cache key, the meter and prices, e.g. `openai:gpt-4o-mini`. */
  readonly modelId: string;
  /** Identity in cache keys instead of `modelId` (e.g. a custom model's name plus its version). */
  readonly cacheIdentity?: string | undefined;
  /** The server's base URL in cache keys (normalised here, credentials dropped); absent for in-process models. */
  readonly baseURL?: string | undefined;
  readonly runtime: Runtime;
  readonly meter: UsageMeter;
  readonly limiter: AdaptiveLimiter;
  readonly cache?: CallCache | undefined;
  /** Default `use` when a cache is given. */
  readonly cacheMode?: CacheMode | undefined;
  readonly retry?: Partial<RetrySettings> | undefined;
  /** Checked before every uncached call, once it holds a limiter slot; false → DlmpoError `budget-exhausted`. */
  readonly admit?: ((info: AdmitInfo) => boolean) | undefined;
  /** Hears every finished call of this model (completed, cached or failed), after the meter recorded it. */
  readonly onCall?: ((event: ModelCallEvent) => void) | undefined;
  /** Values (API keys) that must never appear in error messages. */
  readonly secrets?: readonly string[] | undefined;
}

/** A call identical concurrent callers wait on: its result and whether it came from the cache. */
interface SharedCall {
  readonly result: LanguageModelV3GenerateResult;
  readonly isCached: boolean;
}

/** Waits for `promise`, or rejects as aborted when the caller's own signal fires first. */
function untilAborted<T>(options: {
  readonly promise: Promise<T>;
  readonly abortSignal: AbortSignal | undefined;
}): Promise<T> {
  const { promise, abortSignal } = options;
  if (abortSignal === undefined) return promise;
  const aborted = (): DlmpoError =>
    abortSignal.reason instanceof DlmpoError
      ? abortSignal.reason
      : new DlmpoError({ code: "aborted", message: "The model call was aborted.", cause: abortSignal.reason });
  if (abortSignal.aborted) return Promise.reject(aborted());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(aborted());
    abortSignal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        abortSignal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        abortSignal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function tokensOf(result: LanguageModelV3GenerateResult): { inputTokens: number; outputTokens: number } {
  return { inputTokens: result.usage.inputTokens.total ?? 0, outputTokens: result.usage.outputTokens.total ?? 0 };
}

/**
 * Wraps a `LanguageModelV3` so that every call goes through the call cache (content-addressed, see `callCacheKey`;
 * identical concurrent calls share one request), the `admit` gate, the shared AIMD limiter, retries with backoff and
 * `Retry-After`, a per-attempt timeout, the caller's abort signal, and the usage meter.
 * `doStream` is served from the same path as `doGenerate` and replays the finished result as a stream, so streamed
 * calls are cached and retried too (at the price of no incremental tokens).
 * Cache read/write failures are logged (warn) and treated as misses.
 * @throws (from doGenerate/doStream) DlmpoError `budget-exhausted`, `provider-error`, `timeout` or `aborted`.
 */
export function wrapModel(options: WrapModelOptions): LanguageModelV3 {
  const { model, modelId, runtime, meter, limiter, cache } = options;
  const cacheMode: CacheMode = cache === undefined ? "off" : (options.cacheMode ?? "use");
  const settings: RetrySettings = { ...defaultRetrySettings, ...options.retry };
  const secrets = options.secrets ?? [];
  const inFlight = new Map<string, Promise<SharedCall>>();
  const baseURL = options.baseURL === undefined ? undefined : normalizeBaseUrl(options.baseURL);
  const record = (event: ModelCallEvent): void => {
    meter.record(event);
    options.onCall?.(event);
  };

  const callProvider = async (call: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> => {
    const admit = options.admit;
    const checkAdmission =
      admit === undefined
        ? undefined
        : (): void => {
            if (admit({ modelId, usage: meter.snapshot() })) return;
            throw new DlmpoError({
              code: "budget-exhausted",
              message: `Budget exhausted: no further calls to "${modelId}" are admitted.`,
            });
          };
    const startedMs = runtime.clock.now();
    let retries = 0;
    try {
      const { value } = await callWithRetries({
        attempt: (abortSignal) => model.doGenerate({ ...call, abortSignal }),
        modelId,
        limiter,
        runtime,
        settings,
        secrets,
        abortSignal: call.abortSignal,
        beforeFirstAttempt: checkAdmission,
        onRetry: () => {
          retries += 1;
          meter.recordRetry({ modelId });
        },
      });
      const tokens = tokensOf(value);
      const cost = callCostUsd({ meter, modelId, ...tokens });
      const durationMs = runtime.clock.now() - startedMs;
      record({ modelId, outcome: "completed", retries, ...tokens, costUsd: cost, durationMs });
      return value;
    } catch (error) {
      if (error instanceof DlmpoError && error.code === "budget-exhausted") throw error;
      const durationMs = runtime.clock.now() - startedMs;
      record({ modelId, outcome: "failed", retries, inputTokens: 0, outputTokens: 0, costUsd: 0, durationMs });
      throw error;
    }
  };

  const recordCached = (result: LanguageModelV3GenerateResult, startedMs: number): LanguageModelV3GenerateResult => {
    const durationMs = runtime.clock.now() - startedMs;
    record({ modelId, outcome: "cached", retries: 0, ...tokensOf(result), costUsd: 0, durationMs });
    return result;
  };

  // Cache failures are warnings: a failed read is a miss, a failed write leaves the answer uncached.
  const lookUpOrCall = async (key: string, call: LanguageModelV3CallOptions): Promise<SharedCall> => {
    if (cacheMode === "use" && cache !== undefined) {
      let hit: LanguageModelV3GenerateResult | undefined;
      try {
        hit = fromCachedResult(await cache.get(key));
      } catch (error) {
        runtime.logger.log("warn", "Call cache read failed; calling the model.", { modelId, error: String(error) });
      }
      if (hit !== undefined) return { result: hit, isCached: true };
    }
    const result = await callProvider(call);
    try {
      await cache?.set(key, toCachedResult(result), { modelId });
    } catch (error) {
      runtime.logger.log("warn", "Call cache write failed.", { modelId, error: String(error) });
    }
    return { result, isCached: false };
  };

  const generate = async (call: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> => {
    if (cacheMode === "off") return callProvider(call);
    const startedMs = runtime.clock.now();
    const key = callCacheKey({ modelId: options.cacheIdentity ?? modelId, baseURL, call });
    const pending = cacheMode === "use" ? inFlight.get(key) : undefined;
    if (pending !== undefined) {
      const shared = await untilAborted({ promise: pending, abortSignal: call.abortSignal });
      return recordCached(shared.result, startedMs);
    }
    const task = lookUpOrCall(key, call);
    if (cacheMode === "use") inFlight.set(key, task);
    try {
      const { result, isCached } = await task;
      return isCached ? recordCached(result, startedMs) : result;
    } finally {
      if (inFlight.get(key) === task) inFlight.delete(key);
    }
  };

  return {
    specificationVersion: "v3",
    provider: model.provider,
    modelId: model.modelId,
    supportedUrls: model.supportedUrls,
    doGenerate: generate,
    doStream: async (call) => streamFromResult(await generate(call)),
  };
}
