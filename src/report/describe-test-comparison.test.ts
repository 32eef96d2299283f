import { describe, expect, it } from "vitest";
import type { TestComparison } from "../spec/events.js";
import { describeTestComparison, noCandidateBeatTheSeed } from "./describe-test-comparison.js";

const comparison: TestComparison = {
  seedHash: "seed",
  bestHash: "best",
  examples: 200,
  seedMean: 0.8,
  bestMean: 0.83,
  meanDifference: 0.03,
  interval95: [-0.012, 0.074],
  pValue: 0.16,
  test: "mcnemar",
};

describe("describeTestComparison", () => {
  it("says plainly when no candidate beat the seed", () => {
    const same = { ...comparison, bestHash: "seed", bestMean: 0.8, meanDifference: 0, interval95: [0, 0] as const };
    expect(describeTestComparison({ comparison: same, seedHash: "seed", bestHash: "seed", finished: true })).toEqual([
      noCandidateBeatTheSeed,
      "Seed on 200 test examples: 0.800.",
    ]);
  });

  it("gives the paired difference with its interval and p-value, and whether the test confirms it", () => {
    const lines = describeTestComparison({ comparison, seedHash: "seed", bestHash: "best", finished: true });
    expect(lines[0]).toBe(
      "Final − seed on the same 200 test examples: +0.030 (95% CI -0.012 to +0.074; p = 0.160, exact McNemar test); " +
        "seed 0.800 → final 0.830.",
    );
    expect(lines[1]).toBe("The test cannot tell the final prompt from the seed: the interval includes 0.");
    const better = { ...comparison, interval95: [0.01, 0.05] as const, pValue: 0.0004 };
    const confirmed = describeTestComparison({
      comparison: better,
      seedHash: "seed",
      bestHash: "best",
      finished: true,
    });
    expect(confirmed[0]).toContain("p < 0.001");
    expect(confirmed[1]).toBe("The final prompt is better than the seed on test.");
  });

  it("concludes nothing for an unfinished run and says when there was no test", () => {
    expect(describeTestComparison({ comparison, seedHash: "seed", bestHash: "seed", finished: false })).toEqual([
      "The run has not finished: no conclusion yet.",
    ]);
    expect(
      describeTestComparison({ comparison: undefined, seedHash: "seed", bestHash: "best", finished: true })[0],
    ).toMatch(/not compared on test/);
  });
});
