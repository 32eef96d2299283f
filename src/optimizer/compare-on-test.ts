import { comparePaired } from "../internal/statistics.js";
import type { TestComparison } from "../spec/events.js";
import type { Random } from "../spec/runtime.js";
import type { MetricValue } from "../spec/task.js";
import type { Evaluator } from "./create-evaluator.js";
import type { EventLog } from "./event-log.js";
import { meanOf } from "./frontier.js";
import type { RunSessionOptions } from "./run-session-options.js";
import { sampleInOrder } from "./sample-in-order.js";

/** The final test: metrics of the seed and the final prompt, and their paired comparison. */
export interface TestOutcome {
  readonly seedMetrics: readonly MetricValue[];
  readonly bestMetrics: readonly MetricValue[];
  readonly comparison: TestComparison;
}

/**
 * Scores the seed and the final prompt on the same test examples (once, after every decision is taken, so the test
 * never steers), emits `test-scored` for each (the seed first, so the last one is the final prompt's) and
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
  const [seedRun, bestRun] = await Promise.all([
    evaluator.evaluate({ ...seed, split: "test", examples: test }),
    isSame ? undefined : evaluator.evaluate({ ...best, split: "test", examples: test }),
  ]);
  const bestEvaluation = bestRun ?? seedRun;
  const seedMetrics = options.task.summarize(seedRun.traces);
  const bestMetrics = isSame ? seedMetrics : options.task.summarize(bestEvaluation.traces);
  if (!isSame) log.emit({ type: "test-scored", candidateHash: seed.hash, metrics: seedMetrics });
  log.emit({ type: "test-scored", candidateHash: best.hash, metrics: bestMetrics });
  const paired = comparePaired({
    before: seedRun.scores,
    after: bestEvaluation.scores,
    alternative: "two-sided",
    random: context.random.fork("test-compare"),
  });
  const comparison: TestComparison = {
    seedHash: seed.hash,
    bestHash: best.hash,
    examples: test.length,
    seedMean: meanOf(seedRun.scores),
    bestMean: meanOf(bestEvaluation.scores),
    // The same prompt twice: the difference is exactly 0, not an estimate.
    ...(isSame
      ? { meanDifference: 0, interval95: [0, 0], pValue: 1 }
      : { meanDifference: paired.meanDifference, interval95: paired.interval95, pValue: paired.pValue }),
    test: paired.test,
  };
  log.emit({ type: "test-compared", ...comparison });
  return { seedMetrics, bestMetrics, comparison };
}
