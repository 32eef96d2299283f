import { describe, expect, it } from "vitest";
import { createSeededRandom } from "./seeded-random.js";
import {
  binomialHalfUpperTail,
  comparePaired,
  holmAdjust,
  mcnemarExact,
  newcombePairedInterval,
  pairedBootstrap,
  wilsonInterval,
} from "./statistics.js";

describe("wilsonInterval", () => {
  it("matches the textbook interval for 8 of 10", () => {
    const interval = wilsonInterval({ successes: 8, total: 10 });
    expect(interval.value).toBe(0.8);
    expect(interval.low).toBeCloseTo(0.4902, 3);
    expect(interval.high).toBeCloseTo(0.9433, 3);
  });
});

describe("pairedBootstrap", () => {
  it("gives a small p-value when the child wins on most examples", () => {
    const differences = [1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1];
    expect(pairedBootstrap({ differences, random: createSeededRandom(1) }).pValue).toBeLessThan(0.01);
  });
  it("gives a large p-value when the child loses", () => {
    const differences = [-1, 0, -1, 0, 1, -1];
    expect(pairedBootstrap({ differences, random: createSeededRandom(1) }).pValue).toBeGreaterThan(0.5);
  });
});

describe("createSeededRandom", () => {
  it("repeats for a seed and differs across seeds and forks", () => {
    const a = createSeededRandom(7);
    const b = createSeededRandom(7);
    const first = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(first);
    expect(createSeededRandom(8).next()).not.toBe(first[0]);
    expect(createSeededRandom(7).fork("x").next()).not.toBe(createSeededRandom(7).fork("y").next());
  });
});

describe("mcnemarExact", () => {
  // R: binom.test(12, 14, alternative = "greater")$p.value = 0.006469727; binom.test(12, 14)$p.value = 0.01293945.
  it("matches the exact binomial test on the discordant pairs", () => {
    expect(mcnemarExact({ better: 12, worse: 2, alternative: "greater" })).toBeCloseTo(106 / 16384, 12);
    expect(mcnemarExact({ better: 12, worse: 2, alternative: "two-sided" })).toBeCloseTo(212 / 16384, 12);
    expect(mcnemarExact({ better: 2, worse: 12, alternative: "two-sided" })).toBeCloseTo(212 / 16384, 12);
    // R: binom.test(2, 14, alternative = "greater")$p.value = 0.9990845.
    expect(mcnemarExact({ better: 2, worse: 12, alternative: "greater" })).toBeCloseTo(16369 / 16384, 12);
  });
  it("gives 1 without discordant pairs and never more than 1 two-sided", () => {
    expect(mcnemarExact({ better: 0, worse: 0, alternative: "greater" })).toBe(1);
    expect(mcnemarExact({ better: 5, worse: 5, alternative: "two-sided" })).toBe(1);
  });
  it("stays accurate where 2^-n underflows", () => {
    // Python: sum(comb(1000, i) for i in range(600, 1001)) / 2**1000 = 1.3642320780330092e-10.
    expect(binomialHalfUpperTail(600, 1000) / 1.3642320780330092e-10).toBeCloseTo(1, 8);
    expect(binomialHalfUpperTail(0, 3000)).toBe(1);
  });
});

describe("holmAdjust", () => {
  it("matches R's p.adjust(method = 'holm')", () => {
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02.
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    for (const [index, value] of [0.03, 0.06, 0.06, 0.02].entries()) expect(adjusted[index]).toBeCloseTo(value, 12);
    expect(holmAdjust([0.5, 0.9])).toEqual([1, 1]);
    expect(holmAdjust([0.02])).toEqual([0.02]);
  });
});

describe("newcombePairedInterval", () => {
  it("matches the published formula (Newcombe 1998, method 10) on the paper's first example", () => {
    // 36 pairs both right, 12 only the first, 2 only the second, 0 neither; computed from the formula in Python.
    const interval = newcombePairedInterval({ both: 36, onlyFirst: 12, onlySecond: 2, neither: 0 });
    expect(interval.value).toBeCloseTo(0.2, 12);
    expect(interval.low).toBeCloseTo(0.05693, 4);
    expect(interval.high).toBeCloseTo(0.34043, 4);
  });
});

describe("comparePaired", () => {
  it("uses McNemar for 0/1 scores", () => {
    const before = [1, 1, 0, 0, 0, 0, 1, 0];
    const after = [1, 1, 1, 1, 1, 0, 0, 0];
    const result = comparePaired({ before, after, alternative: "greater", random: createSeededRandom(1) });
    expect(result.test).toBe("mcnemar");
    expect(result.examples).toBe(8);
    expect(result.meanDifference).toBeCloseTo(0.25, 12);
    // 3 better, 1 worse: P(X >= 3 | n = 4) = 5/16.
    expect(result.pValue).toBeCloseTo(5 / 16, 12);
    expect(result.interval95[0]).toBeLessThan(0.25);
    expect(result.interval95[1]).toBeGreaterThan(0.25);
  });
  it("uses the paired bootstrap for graded scores and is two-sided symmetric", () => {
    const before = [0.2, 0.4, 0.5, 0.1, 0.3, 0.6, 0.2, 0.4];
    const after = before.map((score) => score + 0.3);
    const up = comparePaired({ before, after, alternative: "two-sided", random: createSeededRandom(2) });
    const down = comparePaired({
      before: after,
      after: before,
      alternative: "two-sided",
      random: createSeededRandom(2),
    });
    expect(up.test).toBe("paired-bootstrap");
    expect(up.meanDifference).toBeCloseTo(0.3, 12);
    expect(up.interval95[0]).toBeCloseTo(0.3, 12);
    // Never 0: no resample of 2,000 crossed 0, so p = 2 × 1 / 2,001 (two-sided).
    expect(up.pValue).toBeCloseTo(2 / 2001, 12);
    expect(down.pValue).toBeCloseTo(2 / 2001, 12);
    const same = comparePaired({ before, after: before, alternative: "two-sided", random: createSeededRandom(2) });
    expect(same.pValue).toBe(1);
  });
});
