import { setMaxListeners } from "node:events";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { CallCache } from "../spec/call-cache.js";
import type { JudgeCheck, OptimizerEvent } from "../spec/events.js";
import type { Proposer } from "../spec/proposer.js";
import type { Runtime } from "../spec/runtime.js";
import type { RunStore } from "../spec/store.js";
import type { Task } from "../spec/task.js";
import { type HeldRunLease, holdRunLease } from "./hold-run-lease.js";
import { loadDevSplit } from "./load-dev-split.js";
import type { OptimizeResult } from "./optimize-result.js";
import { type OptimizerSettings, type OptimizerSettingsInput, resolveSettings } from "./optimizer-settings.js";
import { planRun, type RunPlan } from "./plan-run.js";
import { runSession } from "./run-session.js";
import type { SpendMeter } from "./spend-tracker.js";

/** The live parts of a run: they cannot be stored, so `resumeRun` takes them again. */
export interface RunParts {
  readonly task: Task;
  /** The frozen model whose system prompt is optimised. */
  readonly target: LanguageModelV3;
  readonly proposer: Proposer;
  readonly runtime: Runtime;
  readonly store: RunStore;
  /** Usage meters of the target and DLM models (tokens, cost) for the measured budgets and the spend figures. */
  readonly meters?: readonly SpendMeter[] | undefined;
  /** Roles of further metered models by `provider:model` (e.g. `user` for a simulated user) in the spend figures;
   * the target is `target` and any other model `proposer`. */
  readonly modelRoles?: Readonly<Record<string, string>> | undefined;
  /**
   * The judge's rubric and agreement with logged feedback, when the task is scored by a judge (`createReplayTask`):
   * stored as the run's `judge-checked` event after `run-started`, so reports show how far to trust the scores.
   */
  readonly judgeCheck?: JudgeCheck | undefined;
  /** Memo of proposer results (the store's call cache), so a resumed run repeats no proposer call. */
  readonly proposalCache?: CallCache | undefined;
  /**
   * Key the memo by the run as well: a resume of this run replays its proposals, no other run reads them. For runs
   * whose DLM calls are not cached (`--no-cache`, `--refresh-cache`), which must still resume without asking again.
   */
  readonly proposalMemoPerRun?: boolean | undefined;
  /** When this file exists at a round boundary, the run stops (status `stopped`, resumable). */
  readonly stopFile?: string | undefined;
  /** Aborting stops the run gracefully: rollouts in flight end or are cancelled, the state is saved. */
  readonly abortSignal?: AbortSignal | undefined;
  /** Called after each new event is stored. An exception ends the run as if the process died (it stays resumable). */
  readonly onEvent?: ((event: OptimizerEvent) => void) | undefined;
}

/** Settings `optimize` accepts; each may be left out or undefined (then `resolveSettings` fills its default). */
export type OptionalSettings = {
  readonly [Key in keyof Omit<OptimizerSettingsInput, "taskId" | "proposerId" | "targetModelId">]?:
    | OptimizerSettingsInput[Key]
    | undefined;
};

/** Options of {@link optimize}: the live parts plus any settings (defaults in `resolveSettings`). */
export interface OptimizeOptions extends RunParts, OptionalSettings {
  /** Run id; default a new id from `runtime.ids`. */
  readonly runId?: string | undefined;
  /** Stored with the run's settings as `config.invocation` (e.g. the CLI options, so `dlmpo runs resume` can rebuild the parts). Never put secrets here. */
  readonly invocation?: unknown;
  /** Plan only: return the planned calls and estimated cost, spend nothing and store nothing. */
  readonly dryRun?: boolean | undefined;
  /** For the dry run's cost estimate: expected US dollars per target rollout and per proposer call. */
  readonly costPerTargetCallUsd?: number | undefined;
  readonly costPerDlmCallUsd?: number | undefined;
}

/** What `optimize` returns: the run's result, or the plan of a dry run. */
export type OptimizeOutcome =
  | ({ readonly kind: "run" } & OptimizeResult)
  | { readonly kind: "plan"; readonly plan: RunPlan; readonly settings: OptimizerSettings };

/**
 * Optimises the task's system prompt (DESIGN.md, "The optimisation loop"): each round rolls the current prompt out on a
 * training minibatch, builds the DLM conditioning from the traces, masks spans, proposes candidates, screens them,
 * scores them by successive halving on the dev sample and accepts a child only when a paired bootstrap says it beats
 * its parent. Stops on rounds, plateau, target score, budget, stop file or abort. The best dev prompt is scored once on
 * the test split. Every decision is an event in `store`; the run can be resumed with {@link resumeRun}.
 *
 * @throws InvalidInputError for settings out of range or a budget too small to score the seed and the test.
 * @throws DlmpoError when a model or proposer fails beyond its retries (the run is marked `failed`, still resumable).
 */
export async function optimize(options: OptimizeOptions): Promise<OptimizeOutcome> {
  const settings = resolveSettings({
    ...options,
    taskId: options.task.id,
    proposerId: options.proposer.id,
    targetModelId: modelIdOf(options.target),
    seedPrompt: options.seedPrompt ?? options.task.seedPrompt,
  });
  if (options.dryRun === true) {
    const devCount = (await options.task.loadSplit("dev")).length;
    const testCount = (await options.task.loadSplit("test")).length;
    const plan = planRun({
      settings,
      devCount,
      testCount,
      costPerTargetCallUsd: options.costPerTargetCallUsd,
      costPerDlmCallUsd: options.costPerDlmCallUsd,
      maxRequestsPerDlmCall: options.proposer.maxRequests?.({ count: settings.samplesPerSpanSet, spans: 1 }),
    });
    return { kind: "plan", plan, settings };
  }
  // Bad input (a missing data file, an empty dev split) is refused before the run is stored: nothing is written.
  await loadDevSplit(options.task);
  const runId = options.runId ?? options.runtime.ids.next("run");
  options.store.createRun({
    id: runId,
    kind: "optimize",
    status: "running",
    createdAtMs: options.runtime.clock.now(),
    seed: settings.seed,
    config: options.invocation === undefined ? settings : { ...settings, invocation: options.invocation },
  });
  const lease = holdRunLease({ store: options.store, runId, runtime: options.runtime });
  return { kind: "run", ...(await guarded({ runId, parts: options, settings, lease })) };
}

/** Options of {@link resumeRun}: the stored run's id and the same live parts it was started with. */
export interface ResumeRunOptions extends RunParts {
  readonly runId: string;
}

/**
 * Continues a run that was interrupted (killed, failed, stopped) from its stored events: it re-executes the run from
 * the start with the stored settings, serving every earlier rollout from the store and every proposer call from the
 * proposal cache, checks that each re-executed event equals the stored one, and appends only new events. The result is
 * the one an uninterrupted run with the same seed gives. A completed run returns its stored result.
 *
 * @throws DlmpoError (`not-found`) for an unknown run; InvalidInputError when the task, proposer or target differ from
 *   the stored ones; DlmpoError (`invalid-config`) when a re-executed event differs from the stored one.
 */
export async function resumeRun(options: ResumeRunOptions): Promise<OptimizeResult> {
  const run = options.store.getRun(options.runId);
  if (run === undefined || run.kind !== "optimize")
    throw new DlmpoError({
      code: "not-found",
      message: `No optimisation run "${options.runId}". See \`dlmpo runs list\`.`,
    });
  if (run.status === "completed" && isOptimizeResult(run.summary)) return run.summary;
  // The run's config is the OptimizerSettings object optimize() stored; resolveSettings checks it again.
  const settings = resolveSettings(run.config as OptimizerSettingsInput);
  const expect = (field: string, stored: string, given: string): void => {
    if (stored !== given)
      throw new InvalidInputError({
        message: `Run ${run.id} was started with ${field} "${stored}", not "${given}". Resume it with the same one.`,
        location: { field },
      });
  };
  expect("task", settings.taskId, options.task.id);
  expect("proposer", settings.proposerId, options.proposer.id);
  expect("target", settings.targetModelId, modelIdOf(options.target));
  const lease = holdRunLease({ store: options.store, runId: run.id, runtime: options.runtime });
  options.store.updateRun(run.id, { status: "running", atMs: options.runtime.clock.now() });
  return guarded({ runId: run.id, parts: options, settings, lease });
}

/** Runs a session under the run's lease (released at the end), marking the run `failed` when it throws. */
async function guarded(context: {
  readonly runId: string;
  readonly parts: RunParts;
  readonly settings: OptimizerSettings;
  readonly lease: HeldRunLease;
}): Promise<OptimizeResult> {
  const { runId, parts, lease } = context;
  const signals = parts.abortSignal === undefined ? [lease.lostSignal] : [parts.abortSignal, lease.lostSignal];
  const abortSignal = AbortSignal.any(signals);
  // Every rollout and proposer call in flight listens to it; the run's concurrency bounds them, not Node's default of 10.
  setMaxListeners(0, abortSignal);
  try {
    return await runSession({
      ...parts,
      runId,
      settings: context.settings,
      meters: parts.meters ?? [],
      storedEvents: parts.store.listEvents(runId),
      abortSignal,
    });
  } catch (error) {
    parts.store.updateRun(runId, {
      status: "failed",
      summary: { error: error instanceof Error ? error.message : String(error) },
      atMs: parts.runtime.clock.now(),
    });
    throw error;
  } finally {
    lease.release();
  }
}

/** `provider:modelId` of a language model, as recorded with the run. */
export function modelIdOf(model: LanguageModelV3): string {
  return `${model.provider}:${model.modelId}`;
}

function isOptimizeResult(value: unknown): value is OptimizeResult {
  return typeof value === "object" && value !== null && "bestPrompt" in value && "lineage" in value;
}
