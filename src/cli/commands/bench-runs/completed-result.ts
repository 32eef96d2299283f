import type { OptimizeResult } from "../../../optimizer/optimize-result.js";
import type { RunStore } from "../../../spec/store.js";

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** The stored result of a completed optimisation run, or undefined while it is unfinished or failed. */
export function completedResult(store: RunStore, runId: string): OptimizeResult | undefined {
  const run = store.getRun(runId);
  if (run?.status !== "completed" || !isRecord(run.summary) || typeof run.summary.bestHash !== "string")
    return undefined;
  // A completed optimize run's summary is the OptimizeResult it returned (checked by its bestHash above).
  return run.summary as unknown as OptimizeResult;
}
