import { describe, expect, it } from "vitest";
import type { Spend } from "../spec/events.js";
import { type ComparisonMember, summarizeComparison } from "./summarize-comparison.js";

const spend = (targetCalls: number): Spend => ({
  targetCalls,
  dlmCalls: 2,
  inputTokens: 100,
  outputTokens: 10,
  costUsd: 0,
  wallMs: 1000,
});

const scores = (values: readonly number[]): Record<string, number> =>
  Object.fromEntries(values.map((value, index) => [`e${index}`, value]));

const member = (
  method: string,
  seed: number,
  best: readonly number[],
  seedScores?: readonly number[],
): ComparisonMember => ({
  task: "t",
  method,
  seed,
  runId: `${method}-${seed}`,
  bestTest: scores(best),
  ...(seedScores === undefined ? {} : { seedTest: scores(seedScores) }),
  spend: spend(10 + seed),
});

describe("summarizeComparison", () => {
  it("gives each method its mean test score and gain over seeds and pairs methods over examples and seeds", () => {
    const members = [
      member("none", 0, [1, 0, 0, 1]),
      member("none", 1, [0, 0, 1, 1]),
      member("dlm", 0, [1, 1, 0, 1], [1, 0, 0, 1]),
      member("dlm", 1, [1, 1, 1, 1], [0, 0, 1, 1]),
    ];
    const summary = summarizeComparison({ members, tasks: ["t"], methods: ["none", "dlm"] });
    const dlm = summary.rows.find((row) => row.method === "dlm");
    expect(dlm?.runs).toBe(2);
    expect(dlm?.testScore?.value).toBeCloseTo(0.875, 10);
    // Gains per seed: +0.25 and +0.5; the interval is clipped to [-1, 1].
    expect(dlm?.gain?.value).toBeCloseTo(0.375, 10);
    expect(dlm?.gain?.low).toBe(-1);
    expect(dlm?.cost).toEqual({ targetCalls: 10.5, dlmCalls: 2, tokens: 110, costUsd: 0, wallMs: 1000 });
    expect(summary.pairs).toHaveLength(1);
    expect(summary.pairs[0]?.pValue).toBeCloseTo(0.25, 12);
    expect(summary.pairs).toMatchObject([
      {
        task: "t",
        first: "none",
        second: "dlm",
        seeds: 2,
        examples: 8,
        wins: 0,
        losses: 3,
        ties: 5,
        meanDifference: -3 / 8,
      },
    ]);
  });

  it("takes a run's own stored gain over one computed from seed scores, and leaves gain out when unknown", () => {
    const stored = { ...member("dlm", 0, [1, 1], [0, 0]), storedGain: 0.1 };
    const unknown = member("random-edit", 0, [1, 0]);
    const summary = summarizeComparison({ members: [stored, unknown], tasks: ["t"], methods: ["dlm", "random-edit"] });
    expect(summary.rows[0]?.gain?.value).toBe(0.1);
    expect(summary.rows[1]?.gain).toBeUndefined();
  });
});
