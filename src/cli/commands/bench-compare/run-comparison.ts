import { DlmpoError } from "../../../errors/dlmpo-error.js";
import { type AdaptiveLimiter, createAdaptiveLimiter } from "../../../models/adaptive-limiter.js";
import { optimize, resumeRun } from "../../../optimizer/optimize.js";
import type { SqliteStore } from "../../../store/open-sqlite-store.js";
import type { CliContext } from "../../cli-context.js";
import type { OptimizeCommandOptions } from "../../config/optimize-options.js";
import { prepareOptimizeRun } from "../optimize-setup.js";
import type { ComparisonPlan, PlannedRun } from "./plan-comparison.js";
import { completedResult } from "./read-comparison-member.js";

/** What became of one planned run: found finished in the store, run now, continued from its stored events, or failed. */
export interface RunOutcome {
  readonly run: PlannedRun;
  readonly state: "stored" | "ran" | "resumed" | "failed" | "skipped";
  /** Why it failed (one line, no secrets: the models layer redacts them). */
  readonly error?: string | undefined;
}

/**
 * Runs every planned run that the store does not hold finished, `parallel` at a time, all under one adaptive limiter
 * per model spec (so parallel runs together stay within one concurrency limit per model), each with its own meter (so
 * every run's spend is its own). A stored unfinished run is resumed from its events (no paid call repeated); a stored
 * finished run is not touched. A run that fails is reported and the others go on; an abort starts no new run.
 *
 * @throws DlmpoError with exit code 2 (bad input or config) from the first run that meets it.
 */
export async function runComparison(options: {
  readonly plan: ComparisonPlan;
  readonly base: OptimizeCommandOptions;
  readonly context: CliContext;
  readonly store: SqliteStore;
  readonly parallel: number;
  readonly onOutcome: (outcome: RunOutcome, done: number, total: number) => void;
}): Promise<RunOutcome[]> {
  const { plan, base, context, store } = options;
  const limiters = new Map<string, AdaptiveLimiter>();
  const limiterFor = (spec: string): AdaptiveLimiter => {
    const existing = limiters.get(spec);
    if (existing !== undefined) return existing;
    const created = createAdaptiveLimiter({ maxConcurrency: base.concurrency, clock: context.runtime.clock });
    limiters.set(spec, created);
    return created;
  };
  const outcomes: RunOutcome[] = [];
  const execute = async (run: PlannedRun): Promise<RunOutcome> => {
    if (completedResult(store, run.runId) !== undefined) return { run, state: "stored" };
    if (context.abortSignal?.aborted === true) return { run, state: "skipped" };
    const stored = store.getRun(run.runId) !== undefined;
    try {
      const command = { ...base, task: run.task, method: run.method, seed: run.seed };
      const prepared = await prepareOptimizeRun({ command, context, store, limiterFor });
      try {
        if (stored) await resumeRun({ ...prepared.parts, runId: run.runId });
        else
          await optimize({
            ...prepared.parts,
            ...prepared.settings,
            runId: run.runId,
            invocation: { ...prepared.invocation, comparison: plan.id },
          });
      } finally {
        await prepared.close();
      }
      return { run, state: completedResult(store, run.runId) === undefined ? "skipped" : stored ? "resumed" : "ran" };
    } catch (error) {
      // Bad input (a missing file, a wrong option) would fail every run alike: stop with it (exit 2).
      if (error instanceof DlmpoError && error.exitCode === 2) throw error;
      return { run, state: "failed", error: error instanceof Error ? error.message : String(error) };
    }
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plan.runs.length) {
      const run = plan.runs[next];
      next += 1;
      if (run === undefined) continue;
      const outcome = await execute(run);
      outcomes.push(outcome);
      options.onOutcome(outcome, outcomes.length, plan.runs.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.parallel) }, () => worker()));
  return plan.runs.flatMap((run) => outcomes.filter((outcome) => outcome.run === run));
}
