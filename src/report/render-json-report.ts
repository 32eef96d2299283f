import { describeJudgeCheck } from "./describe-judge-check.js";
import { describeTestComparison } from "./describe-test-comparison.js";
import { type StoredRun, summarizeRun } from "./summarize-run.js";

/** Version of the JSON report's shape; bumped on breaking changes. */
export const jsonReportVersion = 1;

/**
 * The report as JSON text (two-space indented): run record (without config), seed and best prompts, per-split
 * comparisons with intervals, test metrics, the seed-versus-final test comparison and its verdict in words, a judged
 * run's rubric and judge agreement (`judge`; its `agreement` absent when there was no logged feedback to compare),
 * rounds, every candidate with scores and status, accepted changes, flipped example ids, and spend per model. Meant
 * for scripts and dashboards.
 */
export function renderJsonReport(options: StoredRun): string {
  const summary = summarizeRun(options);
  const report = {
    version: jsonReportVersion,
    run: summary.run,
    seed: { hash: summary.seedHash, prompt: summary.seedPrompt },
    best: { hash: summary.bestHash, prompt: summary.bestPrompt },
    stopReason: summary.stopReason,
    comparisons: summary.comparisons,
    testMetrics: summary.testMetrics,
    testComparison: summary.testComparison,
    verdict: describeTestComparison({
      comparison: summary.testComparison,
      seedHash: summary.seedHash,
      bestHash: summary.bestHash,
      finished: summary.finished,
    }),
    judge:
      summary.judgeCheck === undefined
        ? undefined
        : { ...summary.judgeCheck, description: describeJudgeCheck(summary.judgeCheck) },
    rounds: summary.rounds,
    candidates: summary.candidates.map((candidate) => ({
      hash: candidate.hash,
      round: candidate.round,
      parentHash: candidate.parentHash,
      status: candidate.status,
      rejectReason: candidate.rejectReason,
      proposerId: candidate.proposerId,
      trainScore: candidate.trainScore?.value,
      devScore: candidate.devScore?.value,
      prompt: candidate.prompt,
    })),
    acceptedChanges: summary.acceptedChanges.map((change) => ({
      round: change.round,
      parentHash: change.parentHash,
      childHash: change.childHash,
      proposerId: change.proposerId,
      meanDifference: change.meanDifference,
      pValue: change.pValue,
      adjustedPValue: change.adjustedPValue,
      alpha: change.alpha,
      test: change.test,
      acceptanceExamples: change.exampleCount,
      fills: change.fills,
    })),
    flips: summary.flips.map((set) => ({
      split: set.split,
      wrongToRight: set.wrongToRight.map((flip) => flip.exampleId),
      rightToWrong: set.rightToWrong.map((flip) => flip.exampleId),
    })),
    largestChanges:
      summary.largestChanges === undefined
        ? undefined
        : {
            split: summary.largestChanges.split,
            examples: summary.largestChanges.examples.map((change) => ({
              exampleId: change.exampleId,
              input: change.bestTrace.input,
              seedScore: change.seedScore,
              seedReply: change.seedTrace.output,
              bestScore: change.bestScore,
              bestReply: change.bestTrace.output,
              feedback: change.bestTrace.feedback,
            })),
          },
    spend: summary.spend,
    spendByModel: summary.spendRows,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
