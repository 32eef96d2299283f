import type { TestComparison } from "../spec/events.js";
import { formatDifference, formatPValue, formatScore } from "./format-score.js";

/** What a user reads first: whether anything beat the seed, and what the held-out test says about it. */
export const noCandidateBeatTheSeed = "No candidate beat the seed prompt: the seed prompt stands.";

const testNames: Record<TestComparison["test"], string> = {
  mcnemar: "exact McNemar test",
  "paired-bootstrap": "paired bootstrap",
};

/**
 * Plain sentences on the seed-versus-final test comparison: "No candidate beat the seed prompt" when the run kept the
 * seed, else the paired difference with its 95% interval and two-sided p-value, and whether the interval excludes 0.
 * Without a comparison (no test split, or an interrupted run) it says so; an unfinished run concludes nothing.
 */
export function describeTestComparison(options: {
  readonly comparison: TestComparison | undefined;
  readonly seedHash: string | undefined;
  readonly bestHash: string | undefined;
  /** False while the run is still going: nothing is concluded yet. */
  readonly finished: boolean;
}): string[] {
  const { comparison, seedHash, bestHash } = options;
  if (!options.finished) return ["The run has not finished: no conclusion yet."];
  const kept = seedHash !== undefined && seedHash === bestHash;
  const lines = kept ? [noCandidateBeatTheSeed] : [];
  if (comparison === undefined) {
    lines.push("Seed and final prompt were not compared on test (no test examples, or the run did not finish).");
    return lines;
  }
  const [low, high] = comparison.interval95;
  const failed = comparison.failedExamples ?? 0;
  const leftOut = failed === 0 ? "" : ` (${failed} more left out: a call failed after its retries)`;
  if (kept) {
    lines.push(`Seed on ${comparison.examples} test examples${leftOut}: ${formatScore(comparison.seedMean)}.`);
    return lines;
  }
  lines.push(
    `Final − seed on the same ${comparison.examples} test examples${leftOut}: ${formatDifference(comparison.meanDifference)} ` +
      `(95% CI ${formatDifference(low)} to ${formatDifference(high)}; ${formatPValue(comparison.pValue)}, ` +
      `${testNames[comparison.test]}); seed ${formatScore(comparison.seedMean)} → final ${formatScore(comparison.bestMean)}.`,
  );
  lines.push(
    low > 0
      ? "The final prompt is better than the seed on test."
      : high < 0
        ? "The final prompt is worse than the seed on test."
        : "The test cannot tell the final prompt from the seed: the interval includes 0.",
  );
  return lines;
}
