import { DlmpoError } from "../errors/dlmpo-error.js";
import type { Runtime } from "../spec/runtime.js";
import type { AdaptiveLimiter } from "./adaptive-limiter.js";
import { type CallErrorClass, classifyCallError } from "./classify-call-error.js";
import { normalizeBaseUrl } from "./normalize-base-url.js";
import { redactKnownSecrets } from "./redact-known-secrets.js";

/** Retry and timeout settings of model calls. */
export interface RetrySettings {
  /** Retries after the first attempt, ≥ 0. Default 6. */
  readonly maxRetries: number;
  /** Base of the exponential backoff in ms (attempt n waits up to base·2ⁿ, full jitter). Default 1000. */
  readonly baseDelayMs: number;
  /** Cap of one wait in ms, also for `Retry-After`. Default 60000. */
  readonly maxDelayMs: number;
  /** Limit of one attempt in ms (time queued for the limiter excluded). Default 120000. */
  readonly timeoutMs: number;
}

/** Default retry settings. */
export const defaultRetrySettings: RetrySettings = {
  maxRetries: 6,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  timeoutMs: 120_000,
};

function abortedError(reason: unknown): DlmpoError {
  if (reason instanceof DlmpoError) return reason;
  return new DlmpoError({ code: "aborted", message: "The model call was aborted.", cause: reason });
}

function failureError(options: {
  readonly modelId: string;
  readonly error: unknown;
  readonly errorClass: CallErrorClass;
  readonly attempts: number;
  readonly timedOut: boolean;
  readonly secrets: readonly string[];
}): DlmpoError {
  const { modelId, errorClass, attempts, timedOut } = options;
  if (errorClass.unreachable !== undefined) {
    const where = errorClass.url === undefined ? "its server" : normalizeBaseUrl(errorClass.url);
    return new DlmpoError({
      code: "unreachable",
      message: redactKnownSecrets({
        text: `Model "${modelId}": cannot reach ${where} (${errorClass.unreachable}). Check that the server is running and that the URL is right.`,
        secrets: options.secrets,
      }),
      cause: options.error,
    });
  }
  const detail = timedOut
    ? "no answer within the timeout"
    : `${errorClass.statusCode === undefined ? "" : `HTTP ${errorClass.statusCode}: `}${
        options.error instanceof Error ? options.error.message : String(options.error)
      }`;
  const advice = timedOut
    ? "Raise the timeout (--timeout) or check the server."
    : errorClass.isRetryable
      ? errorClass.isRateLimited
        ? "The provider kept rate-limiting; try again later or lower the concurrency."
        : "The provider kept failing; try again later."
      : "Check the model name, the request and the API key.";
  return new DlmpoError({
    code: timedOut ? "timeout" : "provider-error",
    message: redactKnownSecrets({
      text: `Model "${modelId}" failed after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${detail}. ${advice}`,
      secrets: options.secrets,
    }),
    statusCode: errorClass.statusCode,
    isRetryable: errorClass.isRetryable,
    cause: options.error,
  });
}

/**
 * Runs `attempt` under the limiter with a per-attempt timeout, retrying retryable failures with exponential backoff
 * and full jitter (`runtime.random`, `runtime.clock.sleep`). A server's `Retry-After` (capped at `maxDelayMs`) pauses
 * the whole limiter pool for that long, and the retry queues behind the pause. The limiter slot is released during
 * waits; a 429 tells the limiter to decrease (at most once per window).
 * @throws DlmpoError `provider-error` (with `statusCode`, `isRetryable`, `cause`) or `timeout` once retries are spent
 *   or the failure is not retryable; `unreachable` at once (no retry) when the connection is refused, the host is not
 *   found or TLS fails, naming the URL; `aborted` (or the abort reason when it is a DlmpoError) when `abortSignal` fires.
 *   Known secrets never appear in messages.
 */
export async function callWithRetries<T>(options: {
  readonly attempt: (abortSignal: AbortSignal) => PromiseLike<T>;
  readonly modelId: string;
  readonly limiter: AdaptiveLimiter;
  readonly runtime: Runtime;
  readonly settings: RetrySettings;
  readonly secrets: readonly string[];
  readonly abortSignal?: AbortSignal | undefined;
  readonly onRetry?: (() => void) | undefined;
  /** Runs once a slot is held, before the first attempt; what it throws ends the call (e.g. a budget gate). */
  readonly beforeFirstAttempt?: (() => void) | undefined;
}): Promise<{ readonly value: T; readonly retries: number }> {
  const { runtime, settings, abortSignal } = options;
  for (let attempt = 0; ; attempt += 1) {
    if (abortSignal?.aborted) throw abortedError(abortSignal.reason);
    const permit = await options.limiter.acquire(abortSignal).catch((reason: unknown) => {
      throw abortedError(reason);
    });
    if (attempt === 0 && options.beforeFirstAttempt !== undefined) {
      try {
        options.beforeFirstAttempt();
      } catch (error) {
        permit.release("error");
        throw error;
      }
    }
    const outcome = await runAttempt({ attempt: options.attempt, timeoutMs: settings.timeoutMs, abortSignal });
    if (outcome.ok) {
      permit.release("success");
      return { value: outcome.value, retries: attempt };
    }
    if (abortSignal?.aborted) {
      permit.release("error");
      throw abortedError(abortSignal.reason);
    }
    const { error, timedOut } = outcome;
    const errorClass: CallErrorClass = timedOut
      ? { isRetryable: true, isRateLimited: false, statusCode: undefined, retryAfterMs: undefined }
      : classifyCallError({ error, nowMs: runtime.clock.now() });
    const willRetry = errorClass.isRetryable && attempt < settings.maxRetries;
    // The server asked every caller to wait: pause before the slot frees, so no queued call slips in first.
    if (willRetry && errorClass.retryAfterMs !== undefined) {
      options.limiter.pause(Math.min(settings.maxDelayMs, errorClass.retryAfterMs));
    }
    permit.release(errorClass.isRateLimited ? "rate-limited" : "error");
    if (!willRetry) {
      const failure = { modelId: options.modelId, error, errorClass, attempts: attempt + 1, timedOut };
      throw failureError({ ...failure, secrets: options.secrets });
    }
    options.onRetry?.();
    // After a `Retry-After` this call queues behind the pool's pause like every other.
    if (errorClass.retryAfterMs !== undefined) continue;
    const backoffMs = runtime.random.next() * Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** attempt);
    await runtime.clock.sleep(backoffMs, abortSignal).catch((reason: unknown) => {
      throw abortedError(reason);
    });
  }
}

type AttemptOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: unknown; readonly timedOut: boolean };

/** One attempt under its own abort controller, which the caller's signal and the timeout both abort. */
async function runAttempt<T>(options: {
  readonly attempt: (abortSignal: AbortSignal) => PromiseLike<T>;
  readonly timeoutMs: number;
  readonly abortSignal: AbortSignal | undefined;
}): Promise<AttemptOutcome<T>> {
  const { abortSignal } = options;
  const controller = new AbortController();
  const onCallerAbort = (): void => controller.abort(abortSignal?.reason);
  abortSignal?.addEventListener("abort", onCallerAbort, { once: true });
  let timedOut = false;
  // A real timer on purpose: it bounds real socket waits, which a test's fake clock does not advance.
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DlmpoError({ code: "timeout", message: "Model call timed out.", isRetryable: true }));
  }, options.timeoutMs);
  try {
    return { ok: true, value: await options.attempt(controller.signal) };
  } catch (error) {
    return { ok: false, error, timedOut };
  } finally {
    clearTimeout(timer);
    abortSignal?.removeEventListener("abort", onCallerAbort);
  }
}
