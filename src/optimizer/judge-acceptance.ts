import { comparePaired, holmAdjust } from "../internal/statistics.js";
import type { AcceptanceVerdict } from "../spec/events.js";
import type { Random } from "../spec/runtime.js";
import type { OptimizerSettings } from "./optimizer-settings.js";
import { type MaybeScore, scoredPairs } from "./scored-pairs.js";

/** A child tested in a round: its per-example scores on the acceptance examples, aligned with the parent's. */
export interface AcceptanceTrial {
  readonly hash: string;
  /** Undefined where the example's call failed after its retries. */
  readonly acceptanceScores: readonly MaybeScore[];
}

/** The verdict on one trial, and whether the child is accepted. */
export interface AcceptanceDecision extends AcceptanceVerdict {
  readonly hash: string;
  readonly passes: boolean;
}

/**
 * The significance level of one round: `acceptAlpha` split evenly over the planned rounds when error control is per
 * run (a union bound: the run accepts a non-improvement with probability ≤ `acceptAlpha`), the full α per round
 * otherwise.
 */
export function roundAlpha(settings: Pick<OptimizerSettings, "acceptAlpha" | "acceptErrorControl" | "rounds">): number {
  return settings.acceptErrorControl === "run"
    ? settings.acceptAlpha / Math.max(1, settings.rounds)
    : settings.acceptAlpha;
}

/**
 * Tests each child against the parent on the acceptance examples both were scored on (an example whose call failed for
 * either is left out of both sides and counted in `failedExamples`; one-sided paired test: exact McNemar for 0/1 scores,
 * paired bootstrap otherwise), adjusts the p-values by Holm over the children tested in the round, and accepts a child
 * when its adjusted p-value is ≤ the round's α and its mean gain is > 0 and ≥ `minImprovement`.
 */
export function judgeAcceptance(options: {
  readonly parentAcceptanceScores: readonly MaybeScore[];
  readonly trials: readonly AcceptanceTrial[];
  readonly settings: OptimizerSettings;
  readonly random: Random;
}): AcceptanceDecision[] {
  const { parentAcceptanceScores, trials, settings } = options;
  const alpha = roundAlpha(settings);
  const pairs = trials.map((trial) => scoredPairs(parentAcceptanceScores, trial.acceptanceScores));
  const comparisons = trials.map((trial, index) =>
    comparePaired({
      before: pairs[index]?.before ?? [],
      after: pairs[index]?.after ?? [],
      alternative: "greater",
      random: options.random.fork(`accept:${trial.hash}`),
      // 2,000 resamples resolve p-values down to 0.0005, below the per-round levels of runs up to 100 rounds.
      resamples: 2000,
    }),
  );
  const adjusted = holmAdjust(comparisons.map((comparison) => comparison.pValue));
  return trials.map((trial, index) => {
    const comparison = comparisons[index];
    const adjustedPValue = adjusted[index] ?? 1;
    const meanDifference = comparison?.meanDifference ?? 0;
    return {
      hash: trial.hash,
      stage: "acceptance",
      exampleCount: comparison?.examples ?? 0,
      failedExamples: pairs[index]?.failed ?? 0,
      meanDifference,
      pValue: comparison?.pValue ?? 1,
      adjustedPValue,
      alpha,
      test: comparison?.test ?? "paired-bootstrap",
      passes: meanDifference > 0 && meanDifference >= settings.minImprovement && adjustedPValue <= alpha,
    };
  });
}
