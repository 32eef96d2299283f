import { describe, expect, it } from "vitest";
import { createAdaptiveLimiter } from "./adaptive-limiter.js";

describe("createAdaptiveLimiter", () => {
  it("queues beyond the limit and admits in order on release", async () => {
    const limiter = createAdaptiveLimiter({ maxConcurrency: 2 });
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

  it("halves once per generation of calls and never below the minimum", async () => {
    const limiter = createAdaptiveLimiter({ maxConcurrency: 16, minConcurrency: 3 });
    const wave = await Promise.all(Array.from({ length: 6 }, () => limiter.acquire()));
    for (const permit of wave) permit.release("rate-limited");
    expect(limiter.state()).toMatchObject({ limit: 8, decreases: 1 });
    for (let i = 0; i < 3; i += 1) (await limiter.acquire()).release("rate-limited");
    expect(limiter.state().limit).toBe(3);
  });

  it("grows by one per increaseEvery successes up to the maximum", async () => {
    const limiter = createAdaptiveLimiter({ maxConcurrency: 4, increaseEvery: 3 });
    (await limiter.acquire()).release("rate-limited");
    expect(limiter.state().limit).toBe(2);
    for (let i = 0; i < 6; i += 1) (await limiter.acquire()).release("success");
    expect(limiter.state().limit).toBe(4);
    for (let i = 0; i < 6; i += 1) (await limiter.acquire()).release("success");
    expect(limiter.state().limit).toBe(4);
  });

  it("rejects a queued acquire when its signal aborts", async () => {
    const limiter = createAdaptiveLimiter({ maxConcurrency: 1 });
    await limiter.acquire();
    const controller = new AbortController();
    const queued = limiter.acquire(controller.signal);
    controller.abort(new Error("stop"));
    await expect(queued).rejects.toThrow("stop");
    expect(limiter.state().queued).toBe(0);
  });
});
