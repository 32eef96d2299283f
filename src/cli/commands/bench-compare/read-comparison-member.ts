import type { ComparisonMember } from "../../../report/summarize-comparison.js";
import type { RunStore } from "../../../spec/store.js";
import { completedResult } from "../bench-runs/completed-result.js";
import type { ComparisonRun } from "./plan-comparison.js";

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

function testScores(store: RunStore, runId: string, candidateHash: string): Record<string, number> | undefined {
  const results = store.listResults(runId, { candidateHash, split: "test" });
  return results.length === 0
    ? undefined
    : Object.fromEntries(results.map((result) => [result.exampleId, result.score]));
}

function seedHashOf(store: RunStore, runId: string): string | undefined {
  const started = store.listEvents(runId).find((event) => event.type === "run-started");
  return isRecord(started?.data) && typeof started.data.seedHash === "string" ? started.data.seedHash : undefined;
}

/**
 * A completed run of a comparison as the summary takes it: the final prompt's per-example test scores, the seed
 * prompt's on the same examples (scored in the run itself when it did, else the `none` run of the same task and seed,
 * which scores the seed prompt on the same test sample), the run's own `testComparison` gain when it stored one, and its
 * spend. Undefined when the run has not completed.
 */
export function readComparisonMember(options: {
  readonly store: RunStore;
  readonly run: ComparisonRun;
  /** The `none` run of the same task and seed. */
  readonly reference: ComparisonRun | undefined;
}): ComparisonMember | undefined {
  const { store, run } = options;
  const result = completedResult(store, run.runId);
  if (result === undefined) return undefined;
  const seedHash = seedHashOf(store, run.runId);
  const referenceResult = options.reference === undefined ? undefined : completedResult(store, options.reference.runId);
  const seedTest =
    (seedHash === undefined ? undefined : testScores(store, run.runId, seedHash)) ??
    (options.reference === undefined || referenceResult === undefined
      ? undefined
      : testScores(store, options.reference.runId, referenceResult.bestHash));
  // `testComparison` is stored by runs that score the seed on test themselves (the accept work on main).
  const comparison: unknown = (result as unknown as Readonly<Record<string, unknown>>).testComparison;
  const storedGain =
    isRecord(comparison) && typeof comparison.meanDifference === "number" ? comparison.meanDifference : undefined;
  return {
    task: run.task,
    method: run.method,
    seed: run.seed,
    runId: run.runId,
    bestTest: testScores(store, run.runId, result.bestHash) ?? {},
    ...(seedTest === undefined ? {} : { seedTest }),
    ...(storedGain === undefined ? {} : { storedGain }),
    spend: result.spend,
  };
}
