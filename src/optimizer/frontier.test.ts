import { describe, expect, it } from "vitest";
import { bestOf, computeFrontier, exampleWins } from "./frontier.js";
import { halvingRungs, survivorsOf } from "./successive-halving.js";

describe("computeFrontier", () => {
  const seed = { hash: "seed", promptLength: 50, devScores: [1, 0, 0, 1] };
  const longer = { hash: "longer", promptLength: 90, devScores: [1, 1, 0, 1] };
  const shorter = { hash: "shorter", promptLength: 30, devScores: [1, 0, 0, 0] };
  const dominated = { hash: "dominated", promptLength: 60, devScores: [1, 0, 0, 0] };
  const specialist = { hash: "specialist", promptLength: 95, devScores: [0, 0, 1, 0] };

  it("keeps the Pareto set on score and length plus candidates that alone win an example", () => {
    expect(computeFrontier([seed, longer, shorter, dominated, specialist])).toEqual([
      "seed",
      "longer",
      "shorter",
      "specialist",
    ]);
  });

  it("counts only strict wins per example and picks the best by mean, then length", () => {
    expect(exampleWins([seed, longer, specialist])).toEqual([0, 1, 1]);
    expect(bestOf([seed, longer, shorter])?.hash).toBe("longer");
    expect(bestOf([dominated, shorter])?.hash).toBe("shorter");
  });
});

describe("halvingRungs", () => {
  it("doubles from the first rung and always ends at the whole dev sample", () => {
    expect(halvingRungs({ devSize: 64, initialExamples: 16 })).toEqual([16, 32, 64]);
    expect(halvingRungs({ devSize: 50, initialExamples: 16 })).toEqual([16, 32, 50]);
    expect(halvingRungs({ devSize: 10, initialExamples: 16 })).toEqual([10]);
    expect([1, 2, 3, 8].map(survivorsOf)).toEqual([1, 1, 2, 4]);
  });
});
