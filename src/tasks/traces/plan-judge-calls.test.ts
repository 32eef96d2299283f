import { describe, expect, it } from "vitest";
import { type PlanJudgeCallsOptions, planJudgeCalls } from "./plan-judge-calls.js";

const run: PlanJudgeCallsOptions = {
  mode: "pairwise",
  hasJudgedExamples: true,
  seedDev: 20,
  perRound: 30,
  rounds: 3,
  trainMinibatch: 8,
  testPerPrompt: 10,
  rubricCalls: 1,
  agreementCalls: 6,
};

describe("planJudgeCalls", () => {
  it("counts two calls per compared rollout pairwise, none for the seed's dev, round-1 train and test rollouts", () => {
    // 3 rounds × 30 rollouts, less round 1's 8 train rollouts of the seed, plus the final prompt's 10 test rollouts.
    expect(planJudgeCalls(run)).toEqual({ scoring: 2 * 92, rubric: 1, agreement: 6, total: 191, seedReplies: 92 });
  });

  it("counts one call per rollout in absolute mode, the seed's included, and no seed replies", () => {
    expect(planJudgeCalls({ ...run, mode: "absolute" })).toEqual({
      scoring: 20 + 90 + 20,
      rubric: 1,
      agreement: 6,
      total: 137,
      seedReplies: 0,
    });
  });

  it("plans no scoring call when every example has an expected answer", () => {
    expect(planJudgeCalls({ ...run, hasJudgedExamples: false, rubricCalls: 0, agreementCalls: 0 })).toMatchObject({
      scoring: 0,
      total: 0,
      seedReplies: 0,
    });
  });
});
