import { DlmpoError } from "../../../errors/dlmpo-error.js";
import { type AdaptiveLimiter, createAdaptiveLimiter } from "../../../models/adaptive-limiter.js";
import { loadDevSplit } from "../../../optimizer/load-dev-split.js";
import { optimize, resumeRun } from "../../../optimizer/optimize.js";
import type { SqliteStore } from "../../../store/open-sqlite-store.js";
import type { CliContext } from "../../cli-context.js";
import type { OptimizeCommandOptions } from "../../config/optimize-options.js";
import { prepareOptimizeRun } from "../optimize-setup.js";
import { completedResult } from "./completed-result.js";

/** One optimisation run of a bench under a fixed run id, with the options it runs with. */
export interface PlannedRun {
  readonly runId: string;
  /** The run's options: the bench's shared ones with its own task, method, seed or step count set. */
  readonly command: OptimizeCommandOptions;
  /** Stored with the run besides its options (e.g. `{ comparison: id }`), so `runs show` says what it belongs to. */
  readonly invocation?: Readonly<Record<string, unknown>> | undefined;
}

/** What became of one planned run: found finished in the store, run now, continued from its stored events, or failed. */
export interface RunOutcome<Run extends PlannedRun = PlannedRun> {
  readonly run: Run;
  /** `skipped`: not finished (an abort, a stop file, a stop request) and resumable by running the bench again. */
  readonly state: "stored" | "ran" | "resumed" | "failed" | "skipped";
  /** Why it failed (one line, no secrets: the models layer redacts them). */
  readonly error?: string | undefined;
}

/**
 * Runs every planned run that the store does not hold finished, `parallel` at a time, all under one adaptive limiter
 * per model spec (so parallel runs together stay within one concurrency limit per model: target, simulated user and
 * chat DLM alike), each with its own meter (so every run's spend is its own). A stored unfinished run is resumed from
 * its events (no paid call repeated); a stored finished run is not touched. A run that fails is reported and the others
 * go on; an abort, or a run that stops unfinished (the stop file `.dlmpo/stop`), starts no new run. This is what makes `bench compare` and `bench steps` resumable: run the same
 * command again.
 *
 * Each task and method's options, models and data are checked before the store is touched, so a bench refused for
 * bad input writes nothing.
 *
 * @returns the outcomes in plan order.
 * @throws DlmpoError with exit code 2 (bad input or config) from the first run that meets it, once the runs in flight
 *   have ended.
 */
export async function runPlannedRuns<Run extends PlannedRun>(options: {
  readonly runs: readonly Run[];
  readonly context: CliContext;
  readonly store: SqliteStore;
  readonly parallel: number;
  /** `--concurrency`: the most calls in flight per model, over all runs. */
  readonly concurrency: number;
  readonly onOutcome: (outcome: RunOutcome<Run>, done: number, total: number) => void;
}): Promise<RunOutcome<Run>[]> {
  const { context, store } = options;
  const limiters = new Map<string, AdaptiveLimiter>();
  const limiterFor = (spec: string): AdaptiveLimiter => {
    const existing = limiters.get(spec);
    if (existing !== undefined) return existing;
    const created = createAdaptiveLimiter({ maxConcurrency: options.concurrency, clock: context.runtime.clock });
    limiters.set(spec, created);
    return created;
  };
  // Bad input (a missing data file, a model without its API key) fails every run of a task and method alike: the
  // first run of each is prepared and its data read before any run starts.
  const firstOfKind = new Map<string, Run>();
  for (const run of options.runs) {
    const kind = JSON.stringify([run.command.task, run.command.traces, run.command.method, run.command.dlm]);
    if (!firstOfKind.has(kind)) firstOfKind.set(kind, run);
  }
  for (const run of firstOfKind.values()) {
    // Checked as a dry run where preparing would call a model (the judge of a --traces run): checking spends nothing.
    const command = run.command.traces === undefined ? run.command : { ...run.command, dryRun: true };
    const prepared = await prepareOptimizeRun({ command, context, store, limiterFor });
    try {
      await loadDevSplit(prepared.parts.task);
    } finally {
      await prepared.close();
    }
  }
  // A run that ends unfinished without failing was stopped (Ctrl-C, the stop file): the bench stops with it.
  let isStopped = false;
  // Bad input met by one run stops the others from starting; it is thrown once the runs in flight have ended.
  let refusal: DlmpoError | undefined;
  const execute = async (run: Run): Promise<RunOutcome<Run>> => {
    if (completedResult(store, run.runId) !== undefined) return { run, state: "stored" };
    if (isStopped || refusal !== undefined || context.abortSignal?.aborted === true) return { run, state: "skipped" };
    const stored = store.getRun(run.runId) !== undefined;
    try {
      const prepared = await prepareOptimizeRun({ command: run.command, context, store, limiterFor });
      try {
        if (stored) await resumeRun({ ...prepared.parts, runId: run.runId });
        else
          await optimize({
            ...prepared.parts,
            ...prepared.settings,
            runId: run.runId,
            invocation: { ...prepared.invocation, ...run.invocation },
          });
      } finally {
        await prepared.close();
      }
      if (completedResult(store, run.runId) === undefined) {
        isStopped = true;
        return { run, state: "skipped" };
      }
      return { run, state: stored ? "resumed" : "ran" };
    } catch (error) {
      // Bad input (a missing file, a wrong option) would fail every run alike: stop with it (exit 2).
      if (error instanceof DlmpoError && error.exitCode === 2) {
        refusal ??= error;
        return { run, state: "skipped" };
      }
      return { run, state: "failed", error: error instanceof Error ? error.message : String(error) };
    }
  };
  const outcomes: RunOutcome<Run>[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.runs.length) {
      const run = options.runs[next];
      next += 1;
      if (run === undefined) continue;
      const outcome = await execute(run);
      outcomes.push(outcome);
      options.onOutcome(outcome, outcomes.length, options.runs.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.parallel) }, () => worker()));
  if (refusal !== undefined) throw refusal;
  return options.runs.flatMap((run) => outcomes.filter((outcome) => outcome.run === run));
}
