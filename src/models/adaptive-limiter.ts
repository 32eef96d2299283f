import type { Clock } from "../spec/runtime.js";

/** How a call that held a permit ended, which steers the limit. */
export type PermitOutcome = "success" | "rate-limited" | "error";

/** A slot to make one call; release it exactly once. */
export interface LimiterPermit {
  release(outcome: PermitOutcome): void;
}

/** Current state of an adaptive limiter. */
export interface LimiterState {
  /** Calls allowed at once now (between `minConcurrency` and `maxConcurrency`). */
  readonly limit: number;
  readonly active: number;
  readonly queued: number;
  /** Times the limit was decreased (at most one per window). */
  readonly decreases: number;
  /** Times a `Retry-After` paused the whole pool. */
  readonly pauses: number;
  /** Epoch milliseconds until which no new call starts; 0 when never paused. */
  readonly pausedUntilMs: number;
}

/** A concurrency limiter shared by the models of a run: AIMD on 429s plus pool-wide pauses for `Retry-After`. */
export interface AdaptiveLimiter {
  /** Waits for a slot (and for any pause to end). Rejects with the signal's reason when aborted while queued. */
  acquire(abortSignal?: AbortSignal | undefined): Promise<LimiterPermit>;
  /**
   * Starts no call for `durationMs` from now (a server's `Retry-After`): the pool waits, calls in flight finish.
   * Overlapping pauses extend to the latest end; a shorter one never cuts a longer one short.
   */
  pause(durationMs: number): void;
  state(): LimiterState;
}

/** Settings of {@link createAdaptiveLimiter}; every field but `maxConcurrency` has a default. */
export interface AdaptiveLimiterSettings {
  /** Starting and highest limit, ≥ 1. */
  readonly maxConcurrency: number;
  /**
   * Floor of the limit, ≥ 1; default a quarter of `maxConcurrency`, at least 1 and at most 8: high enough that random
   * 429s cannot starve the pool, low enough that a provider's real rate limit can bring it down to a rate it accepts.
   */
  readonly minConcurrency?: number | undefined;
  /** The limit is multiplied by this on a decrease, in (0, 1); default 0.7. */
  readonly decreaseFactor?: number | undefined;
  /**
   * At most one decrease per window, in ms; default 1000. The window also lasts at least the mean duration of recent
   * calls (as TCP decreases once per round trip), so one burst of 429s counts once.
   */
  readonly windowMs?: number | undefined;
  /** Successes per +1 of the limit (additive increase), ≥ 1; default 10. */
  readonly increaseEvery?: number | undefined;
}

/** Default settings of the limiter, apart from `maxConcurrency` (floor: a quarter of it, at most `floorCap`). */
export const defaultLimiterSettings = { decreaseFactor: 0.7, windowMs: 1000, increaseEvery: 10, floorCap: 8 } as const;

/**
 * Creates an adaptive concurrency limiter, shared by every model of a run that is given the same instance.
 * A 429 multiplies the limit by `decreaseFactor` (never below `minConcurrency`), at most once per window and only for a
 * call that started after the last decrease, so a steady share of random 429s costs a few slots, not the whole pool.
 * Every `increaseEvery` successes add 1, up to `maxConcurrency`, so the limit climbs back smoothly. A `Retry-After`
 * is honoured with {@link AdaptiveLimiter.pause}. Times come from `clock`.
 */
export function createAdaptiveLimiter(options: AdaptiveLimiterSettings & { readonly clock: Clock }): AdaptiveLimiter {
  const { clock } = options;
  const maxConcurrency = Math.max(1, Math.floor(options.maxConcurrency));
  const floor = options.minConcurrency ?? Math.min(defaultLimiterSettings.floorCap, Math.floor(maxConcurrency / 4));
  const minConcurrency = Math.min(maxConcurrency, Math.max(1, Math.floor(floor)));
  const factor = options.decreaseFactor ?? defaultLimiterSettings.decreaseFactor;
  const decreaseFactor = factor > 0 && factor < 1 ? factor : defaultLimiterSettings.decreaseFactor;
  const windowMs = Math.max(0, options.windowMs ?? defaultLimiterSettings.windowMs);
  const increaseEvery = Math.max(1, Math.floor(options.increaseEvery ?? defaultLimiterSettings.increaseEvery));
  let limit = maxConcurrency;
  let active = 0;
  let successes = 0;
  let decreases = 0;
  let pauses = 0;
  let pausedUntilMs = 0;
  let lastDecreaseMs = Number.NEGATIVE_INFINITY;
  // Mean call duration (exponentially weighted), the limiter's round-trip time.
  let meanDurationMs = 0;
  const waiters: { grant: (permit: LimiterPermit) => void }[] = [];

  const decrease = (startedMs: number, nowMs: number): void => {
    const windowEnded = nowMs - lastDecreaseMs >= Math.max(windowMs, meanDurationMs);
    // A call sent before the last decrease reports on the old limit, which was already answered.
    if (!windowEnded || startedMs < lastDecreaseMs) return;
    limit = Math.max(minConcurrency, Math.floor(limit * decreaseFactor));
    lastDecreaseMs = nowMs;
    successes = 0;
    decreases += 1;
  };

  const createPermit = (): LimiterPermit => {
    const startedMs = clock.now();
    let released = false;
    active += 1;
    return {
      release(outcome) {
        if (released) return;
        released = true;
        active -= 1;
        const nowMs = clock.now();
        meanDurationMs = meanDurationMs === 0 ? nowMs - startedMs : 0.9 * meanDurationMs + 0.1 * (nowMs - startedMs);
        if (outcome === "rate-limited") decrease(startedMs, nowMs);
        else if (outcome === "success") {
          successes += 1;
          if (successes >= increaseEvery && limit < maxConcurrency) {
            limit += 1;
            successes = 0;
          }
        }
        dispatch();
      },
    };
  };

  const isPaused = (): boolean => pausedUntilMs > clock.now();

  // A timer may fire a little early; then it waits out the rest. Each pause starts one such chain.
  const wakeAfterPause = (): void => {
    void clock.sleep(Math.max(1, pausedUntilMs - clock.now())).then(() => (isPaused() ? wakeAfterPause() : dispatch()));
  };

  const dispatch = (): void => {
    if (isPaused()) return;
    while (active < limit && waiters.length > 0) waiters.shift()?.grant(createPermit());
  };

  return {
    acquire(abortSignal) {
      if (abortSignal?.aborted) return Promise.reject(abortSignal.reason);
      if (active < limit && waiters.length === 0 && !isPaused()) return Promise.resolve(createPermit());
      return new Promise((resolve, reject) => {
        const onAbort = (): void => {
          const at = waiters.indexOf(waiter);
          if (at >= 0) waiters.splice(at, 1);
          reject(abortSignal?.reason);
        };
        const waiter = {
          grant: (permit: LimiterPermit) => {
            abortSignal?.removeEventListener("abort", onAbort);
            resolve(permit);
          },
        };
        waiters.push(waiter);
        abortSignal?.addEventListener("abort", onAbort, { once: true });
      });
    },
    pause(durationMs) {
      const until = clock.now() + Math.max(0, durationMs);
      if (until <= pausedUntilMs || durationMs <= 0) return;
      pausedUntilMs = until;
      pauses += 1;
      wakeAfterPause();
    },
    state: () => ({ limit, active, queued: waiters.length, decreases, pauses, pausedUntilMs }),
  };
}
