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
  /** Times the limit was halved. */
  readonly decreases: number;
}

/** A concurrency limiter with AIMD: halves on rate limiting, grows back by one per `increaseEvery` successes. */
export interface AdaptiveLimiter {
  /** Waits for a slot. Rejects with the signal's reason when aborted while queued. */
  acquire(abortSignal?: AbortSignal | undefined): Promise<LimiterPermit>;
  state(): LimiterState;
}

/**
 * Creates an AIMD concurrency limiter, shared by every model of a run that is given the same instance.
 * A 429 halves the limit (at least `minConcurrency`), but only once per "generation": calls that started before the
 * last decrease do not halve it again, so a burst of 429s from one wave of calls counts as one signal (as in TCP).
 * Every `increaseEvery` successes add 1, up to `maxConcurrency`.
 * @param options.maxConcurrency starting and highest limit, ≥ 1.
 * @param options.minConcurrency lowest limit, default 1.
 * @param options.increaseEvery successes per +1, default 10.
 */
export function createAdaptiveLimiter(options: {
  readonly maxConcurrency: number;
  readonly minConcurrency?: number | undefined;
  readonly increaseEvery?: number | undefined;
}): AdaptiveLimiter {
  const maxConcurrency = Math.max(1, Math.floor(options.maxConcurrency));
  const minConcurrency = Math.min(maxConcurrency, Math.max(1, Math.floor(options.minConcurrency ?? 1)));
  const increaseEvery = Math.max(1, Math.floor(options.increaseEvery ?? 10));
  let limit = maxConcurrency;
  let active = 0;
  let generation = 0;
  let successes = 0;
  let decreases = 0;
  const waiters: { grant: (permit: LimiterPermit) => void }[] = [];

  const createPermit = (): LimiterPermit => {
    const startedIn = generation;
    let released = false;
    active += 1;
    return {
      release(outcome) {
        if (released) return;
        released = true;
        active -= 1;
        if (outcome === "rate-limited" && startedIn === generation) {
          limit = Math.max(minConcurrency, Math.floor(limit / 2));
          generation += 1;
          successes = 0;
          decreases += 1;
        } else if (outcome === "success") {
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

  const dispatch = (): void => {
    while (active < limit && waiters.length > 0) waiters.shift()?.grant(createPermit());
  };

  return {
    acquire(abortSignal) {
      if (abortSignal?.aborted) return Promise.reject(abortSignal.reason);
      if (active < limit && waiters.length === 0) return Promise.resolve(createPermit());
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
    state: () => ({ limit, active, queued: waiters.length, decreases }),
  };
}
