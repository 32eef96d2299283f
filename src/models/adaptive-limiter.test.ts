import { APICallError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../internal/seeded-random.js";
import { createFakeClock, createFakeRuntime, type FakeClock } from "../testing/fake-runtime.js";
import { type AdaptiveLimiter, createAdaptiveLimiter } from "./adaptive-limiter.js";
import { callWithRetries, defaultRetrySettings } from "./call-with-retries.js";

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function rateLimited(retryAfterSeconds: number): APICallError {
  return new APICallError({
    message: "Too Many Requests",
    url: "http://127.0.0.1/v1/chat/completions",
    requestBodyValues: {},
    statusCode: 429,
    responseHeaders: { "retry-after": String(retryAfterSeconds) },
    isRetryable: true,
  });
}

/**
 * Runs `calls` calls of `latencyMs` fake milliseconds through `callWithRetries` on `limiter`, where a seeded share of
 * attempts answers 429 with `Retry-After: retryAfterSeconds`. Returns the fake time it took and the mean calls in flight.
 */
async function simulate(options: {
  readonly clock: FakeClock;
  readonly limiter: AdaptiveLimiter;
  readonly calls: number;
  readonly latencyMs: number;
  readonly rateLimitShare: number;
  readonly retryAfterSeconds: number;
}): Promise<{ elapsedMs: number; meanActive: number; succeeded: number; startsInPause: number }> {
  const { clock, limiter, latencyMs } = options;
  const runtime = { ...createFakeRuntime(), clock };
  const faults = createSeededRandom(7);
  let settled = 0;
  let succeeded = 0;
  let startsInPause = 0;
  const attempt = async (): Promise<string> => {
    // Strictly inside a pause: a permit granted in the same instant the pause began is not a slip.
    const { pausedUntilMs } = limiter.state();
    if (clock.now() < pausedUntilMs && clock.now() > pausedUntilMs - options.retryAfterSeconds * 1000)
      startsInPause += 1;
    await clock.sleep(latencyMs);
    if (faults.next() < options.rateLimitShare) throw rateLimited(options.retryAfterSeconds);
    return "ok";
  };
  for (let i = 0; i < options.calls; i += 1) {
    const call = callWithRetries({
      attempt,
      modelId: "m",
      limiter,
      runtime,
      settings: defaultRetrySettings,
      secrets: [],
    });
    call.then(
      () => {
        settled += 1;
        succeeded += 1;
      },
      () => {
        settled += 1;
      },
    );
  }
  const startMs = clock.now();
  let activeSum = 0;
  let steps = 0;
  // The old limiter needs ~30 s of fake time here; the cap only stops a broken one from spinning forever.
  while (settled < options.calls && steps < 60_000) {
    await flush();
    activeSum += limiter.state().active;
    steps += 1;
    clock.advance(1);
  }
  return { elapsedMs: clock.now() - startMs, meanActive: activeSum / steps, succeeded, startsInPause };
}

describe("createAdaptiveLimiter", () => {
  it("queues beyond the limit and admits in order on release", async () => {
    const limiter = createAdaptiveLimiter({ maxConcurrency: 2, clock: createFakeClock() });
    const first = await limiter.acquire();
    await limiter.acquire();
    const order: number[] = [];
    const third = limiter.acquire().then((permit) => {
      order.push(3);
      return permit;
    });
    const fourth = limiter.acquire().then(() => order.push(4));
    expect(limiter.state()).toMatchObject({ active: 2, queued: 2 });
    first.release("success");
    (await third).release("success");
    await fourth;
    expect(order).toEqual([3, 4]);
  });

  it("decreases at most once per window and never below the floor", async () => {
    const clock = createFakeClock({ autoAdvance: false });
    const limiter = createAdaptiveLimiter({ maxConcurrency: 16, minConcurrency: 6, decreaseFactor: 0.5, clock });
    const wave = await Promise.all(Array.from({ length: 6 }, () => limiter.acquire()));
    for (const permit of wave) permit.release("rate-limited");
    expect(limiter.state()).toMatchObject({ limit: 8, decreases: 1 });
    clock.advance(500);
    (await limiter.acquire()).release("rate-limited");
    expect(limiter.state()).toMatchObject({ limit: 8, decreases: 1 });
    clock.advance(600);
    (await limiter.acquire()).release("rate-limited");
    expect(limiter.state()).toMatchObject({ limit: 6, decreases: 2 });
    clock.advance(5000);
    (await limiter.acquire()).release("rate-limited");
    expect(limiter.state().limit).toBe(6);
  });

  it("ignores a 429 of a call that started before the last decrease", async () => {
    const clock = createFakeClock({ autoAdvance: false });
    const limiter = createAdaptiveLimiter({ maxConcurrency: 16, decreaseFactor: 0.5, clock });
    const old = await limiter.acquire();
    clock.advance(10);
    (await limiter.acquire()).release("rate-limited");
    clock.advance(2000);
    old.release("rate-limited");
    expect(limiter.state()).toMatchObject({ limit: 8, decreases: 1 });
  });

  it("floors at a quarter of the maximum by default, at most 8", async () => {
    for (const [maxConcurrency, floor] of [
      [16, 4],
      [32, 8],
      [64, 8],
      [3, 1],
    ] as const) {
      const clock = createFakeClock({ autoAdvance: false });
      const limiter = createAdaptiveLimiter({ maxConcurrency, clock });
      for (let i = 0; i < 20; i += 1) {
        clock.advance(1000);
        (await limiter.acquire()).release("rate-limited");
      }
      expect(limiter.state().limit).toBe(floor);
    }
  });

  it("grows by one per increaseEvery successes up to the maximum", async () => {
    const limiter = createAdaptiveLimiter({
      maxConcurrency: 4,
      increaseEvery: 3,
      decreaseFactor: 0.5,
      clock: createFakeClock(),
    });
    (await limiter.acquire()).release("rate-limited");
    expect(limiter.state().limit).toBe(2);
    for (let i = 0; i < 6; i += 1) (await limiter.acquire()).release("success");
    expect(limiter.state().limit).toBe(4);
    for (let i = 0; i < 6; i += 1) (await limiter.acquire()).release("success");
    expect(limiter.state().limit).toBe(4);
  });

  it("starts no call during a pause and resumes when it ends", async () => {
    const clock = createFakeClock({ autoAdvance: false });
    const limiter = createAdaptiveLimiter({ maxConcurrency: 4, clock });
    limiter.pause(2000);
    limiter.pause(500);
    let granted = false;
    const waiting = limiter.acquire().then((permit) => {
      granted = true;
      return permit;
    });
    clock.advance(1999);
    await flush();
    expect(granted).toBe(false);
    expect(limiter.state()).toMatchObject({ queued: 1, pauses: 1, pausedUntilMs: 2000 });
    clock.advance(1);
    await flush();
    expect(granted).toBe(true);
    (await waiting).release("success");
  });

  it("rejects a queued acquire when its signal aborts", async () => {
    const limiter = createAdaptiveLimiter({ maxConcurrency: 1, clock: createFakeClock() });
    await limiter.acquire();
    const controller = new AbortController();
    const queued = limiter.acquire(controller.signal);
    controller.abort(new Error("stop"));
    await expect(queued).rejects.toThrow("stop");
    expect(limiter.state().queued).toBe(0);
  });
});

describe("the limiter under callWithRetries", () => {
  const shape = { calls: 500, latencyMs: 50, retryAfterSeconds: 0 };

  it("keeps most of the pool busy at a steady 20% of random 429s and loses no call", async () => {
    const cleanClock = createFakeClock({ autoAdvance: false });
    const clean = await simulate({
      ...shape,
      clock: cleanClock,
      limiter: createAdaptiveLimiter({ maxConcurrency: 16, clock: cleanClock }),
      rateLimitShare: 0,
    });
    const clock = createFakeClock({ autoAdvance: false });
    const faulty = await simulate({
      ...shape,
      clock,
      limiter: createAdaptiveLimiter({ maxConcurrency: 16, clock }),
      rateLimitShare: 0.2,
    });
    expect(faulty.succeeded).toBe(500);
    expect(faulty.meanActive).toBeGreaterThan(10);
    expect(faulty.elapsedMs).toBeLessThan(1.5 * clean.elapsedMs);
  });

  it("pauses the whole pool for a Retry-After instead of each call waiting alone", async () => {
    const clock = createFakeClock({ autoAdvance: false });
    const limiter = createAdaptiveLimiter({ maxConcurrency: 8, clock });
    const run = await simulate({ ...shape, calls: 40, clock, limiter, rateLimitShare: 0.05, retryAfterSeconds: 1 });
    expect(run.succeeded).toBe(40);
    expect(limiter.state().pauses).toBeGreaterThan(0);
    expect(run.startsInPause).toBe(0);
    expect(run.elapsedMs).toBeGreaterThan(1000);
  });
});
