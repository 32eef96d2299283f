import { describe, expect, it } from "vitest";
import type { Spend } from "../../spec/events.js";
import { createOptimizeProgress, spendText } from "./optimize-progress.js";

const spend: Spend = { targetCalls: 120, dlmCalls: 4, inputTokens: 10, outputTokens: 2, costUsd: 0.0123, wallMs: 5 };

describe("createOptimizeProgress", () => {
  it("writes one plain line per round and the stop and test lines when not on a terminal", () => {
    const written: string[] = [];
    const progress = createOptimizeProgress({
      write: (text) => written.push(text),
      isTTY: false,
      rounds: 8,
      budgets: { targetCalls: 500 },
    });
    progress.onEvent({ type: "round-started", round: 1, parentHashes: ["a"] });
    progress.onEvent({
      type: "candidate-accepted",
      round: 1,
      candidateHash: "b",
      parentHash: "a",
      stage: "acceptance",
      exampleCount: 32,
      meanDifference: 0.1,
      pValue: 0.01,
      adjustedPValue: 0.01,
      alpha: 0.05,
      test: "mcnemar",
    });
    progress.onEvent({ type: "round-completed", round: 1, bestHash: "b", bestDevScore: 0.8125, spend });
    progress.onEvent({ type: "run-stopped", reason: "plateau", spend });
    progress.onEvent({
      type: "test-scored",
      candidateHash: "b",
      metrics: [{ name: "accuracy", value: 0.9, low: 0.8, high: 0.95 }],
    });
    progress.onEvent({
      type: "test-compared",
      seedHash: "a",
      bestHash: "b",
      examples: 40,
      seedMean: 0.8,
      bestMean: 0.9,
      meanDifference: 0.1,
      interval95: [-0.02, 0.21],
      pValue: 0.109,
      test: "mcnemar",
    });
    progress.finish();
    expect(written).toEqual([
      "round 1/8 · round done · best dev 0.813 · accepted 1 · calls 120/500 · dlm 4 · $0.0123\n",
      "stopped: plateau · calls 120/500 · dlm 4 · $0.0123; scoring the seed and final prompts on test…\n",
      "test b accuracy 0.900 [0.800, 0.950]\n",
      "test final − seed +0.100 [-0.020, +0.210] p = 0.109 (n=40)\n",
    ]);
  });

  it("redraws one line on a terminal", () => {
    const written: string[] = [];
    const progress = createOptimizeProgress({
      write: (text) => written.push(text),
      isTTY: true,
      rounds: 2,
      budgets: {},
    });
    progress.onEvent({ type: "round-started", round: 2, parentHashes: ["a"] });
    progress.finish();
    expect(written).toEqual(["\r\u001b[2Kround 2/2 · rolling out · accepted 0", "\n"]);
    expect(spendText(spend, { costUsd: 1 })).toBe("calls 120 · dlm 4 · $0.0123/1");
  });

  it("starts a resumed run's view at the round its stored events reached, quietly", () => {
    const written: string[] = [];
    const progress = createOptimizeProgress({
      write: (text) => written.push(text),
      isTTY: false,
      rounds: 6,
      budgets: {},
    });
    progress.replay([
      { type: "round-started", round: 1, parentHashes: ["a"] },
      { type: "round-completed", round: 1, bestHash: "a", bestDevScore: 0.5, spend },
      { type: "round-started", round: 2, parentHashes: ["a"] },
    ]);
    progress.onEvent({ type: "round-completed", round: 2, bestHash: "a", bestDevScore: 0.5, spend });
    expect(written).toEqual([
      "resuming at round 2/6: 3 stored events replay without model calls…\n",
      "round 2/6 · round done · best dev 0.500 · accepted 0 · calls 120 · dlm 4 · $0.0123\n",
    ]);
  });
});
