import { comparePaired } from "../internal/statistics.js";
import type { TestComparison } from "../spec/events.js";
import type { Random } from "../spec/runtime.js";
import type { MetricValue } from "../spec/task.js";
import type { Trace } from "../spec/trace.js";
import { type Evaluator, emitFailures } from "./create-evaluator.js";
import type { EventLog } from "./event-log.js";
import { meanOf } from "./frontier.js";
import type { RunSessionOptions } from "./run-session-options.js";
import { sampleInOrder } from "./sample-in-order.js";
import { scoredPairs } from "./scored-pairs.js";

/** The final test: metrics of the seed and the final prompt, and their paired comparison. */
export interface TestOutcome {
  readonly seedMetrics: readonly MetricValue[];
  readonly bestMetrics: readonly MetricValue[];
  readonly comparison: TestComparison;
}

/**
 * Scores the seed and the final prompt on the same test examples (once, after every decision is taken, so the test
 * never steers), compares them on the examples scored for both (failed calls are left out of both sides and counted
 * in `failedExamples`), emits `test-scored` for each (the seed first, so the last one is the final prompt's) and
 * `test-compared`. Undefined when the run has no test (`testSize` 0 or an empty split).
 */
export async function compareOnTest(context: {
  readonly options: RunSessionOptions;
  readonly seed: { readonly hash: string; readonly prompt: string };
  readonly best: { readonly hash: string; readonly prompt: string };
  readonly random: Random;
  readonly evaluator: Evaluator;
  readonly log: EventLog;
}): Promise<TestOutcome | undefined> {
  const { options, seed, best, evaluator, log } = context;
  if (options.settings.testSize === 0) return undefined;
  const test = sampleInOrder(
    await options.task.loadSplit("test"),
    options.settings.testSize,
    context.random.fork("test"),
  );
  if (test.length === 0) return undefined;
  const isSame = seed.hash === best.hash;
  const seedPending = evaluator.evaluate({ ...seed, split: "test", examples: test });
  const bestPending = isSame ? undefined : evaluator.evaluate({ ...best, split: "test", examples: test });
  // Both settle before a failure is thrown, so no rollout keeps running behind the caller's back.
  await Promise.allSettled([seedPending, bestPending]);
  const seedRun = await seedPending;
  const bestRun = await bestPending;
  emitFailures(evaluator, log);
  const bestEvaluation = bestRun ?? seedRun;
  // Both prompts are measured on the examples scored for both: a failed call on either side drops the pair.
  const pairs = scoredPairs(seedRun.scores, bestEvaluation.scores);
  const paired = new Set(
    test
      .filter((_, index) => seedRun.scores[index] !== undefined && bestEvaluation.scores[index] !== undefined)
      .map((example) => example.id),
  );
  const onPairs = (traces: readonly Trace[]): Trace[] => traces.filter((trace) => paired.has(trace.exampleId));
  const seedMetrics = options.task.summarize(onPairs(seedRun.traces));
  const bestMetrics = isSame ? seedMetrics : options.task.summarize(onPairs(bestEvaluation.traces));
  if (!isSame) log.emit({ type: "test-scored", candidateHash: seed.hash, metrics: seedMetrics });
  log.emit({ type: "test-scored", candidateHash: best.hash, metrics: bestMetrics });
  const compared = comparePaired({
    before: pairs.before,
    after: pairs.after,
    alternative: "two-sided",
    random: context.random.fork("test-compare"),
  });
  const comparison: TestComparison = {
    seedHash: seed.hash,
    bestHash: best.hash,
    examples: pairs.before.length,
    failedExamples: pairs.failed,
    seedMean: meanOf(pairs.before),
    bestMean: meanOf(pairs.after),
    // The same prompt twice: the difference is exactly 0, not an estimate.
    ...(isSame
      ? { meanDifference: 0, interval95: [0, 0], pValue: 1 }
      : { meanDifference: compared.meanDifference, interval95: compared.interval95, pValue: compared.pValue }),
    test: compared.test,
  };
  log.emit({ type: "test-compared", ...comparison });
  return { seedMetrics, bestMetrics, comparison };
}
