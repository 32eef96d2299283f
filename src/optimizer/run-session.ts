import { existsSync } from "node:fs";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import { createSeededRandom } from "../internal/seeded-random.js";
import { promptHash } from "../prompt/prompt-hash.js";
import type { CallCache } from "../spec/call-cache.js";
import type { OptimizerEvent, Spend } from "../spec/events.js";
import type { Proposer, ScoredPrompt } from "../spec/proposer.js";
import type { Random, Runtime } from "../spec/runtime.js";
import type { RunStore, StoredEvent } from "../spec/store.js";
import type { Example, MetricValue, Task } from "../spec/task.js";
import { BudgetStop, createEvaluator } from "./create-evaluator.js";
import { createEventLog } from "./event-log.js";
import { bestOf, computeFrontier, exampleWins, meanOf } from "./frontier.js";
import type { OptimizeResult } from "./optimize-result.js";
import type { OptimizerSettings } from "./optimizer-settings.js";
import { type AcceptedCandidate, runRound } from "./run-round.js";
import { sampleInOrder } from "./sample-in-order.js";
import { createSpendTracker, type SpendMeter } from "./spend-tracker.js";
import { halvingRungs } from "./successive-halving.js";

/** Everything one session of a run (a first start or a resume) works with. */
export interface RunSessionOptions {
  readonly runId: string;
  readonly settings: OptimizerSettings;
  readonly task: Task;
  readonly target: LanguageModelV3;
  readonly proposer: Proposer;
  readonly runtime: Runtime;
  readonly store: RunStore;
  readonly meters: readonly SpendMeter[];
  readonly modelRoles?: Readonly<Record<string, string>> | undefined;
  readonly proposalCache?: CallCache | undefined;
  readonly stopFile?: string | undefined;
  readonly abortSignal?: AbortSignal | undefined;
  readonly onEvent?: ((event: OptimizerEvent) => void) | undefined;
  /** Events stored by earlier sessions; re-executed events must match them. */
  readonly storedEvents: readonly StoredEvent[];
}

/** Thrown at a round boundary when the run is asked to stop (abort signal or stop file). */
class InterruptStop extends Error {}

/**
 * Runs (or re-runs, matching stored events) an optimisation from its first event to its end. Every random draw comes
 * from `seed` and a label, and every call goes through the evaluator's stored results or the proposal cache, so a
 * re-execution takes the same decisions and repeats no call.
 */
export async function runSession(options: RunSessionOptions): Promise<OptimizeResult> {
  const { runId, settings, task, runtime, store, abortSignal } = options;
  const random = createSeededRandom(settings.seed);
  const log = createEventLog({
    store,
    runId,
    clock: runtime.clock,
    storedEvents: options.storedEvents,
    ...onEventOf(options),
  });
  const tracker = createSpendTracker({
    budgets: settings.budgets,
    clock: runtime.clock,
    meters: options.meters,
    testReserve: settings.testSize,
    baseline: lastSpend(options.storedEvents),
    targetModelId: modelIdOfTarget(options.target),
    modelRoles: options.modelRoles,
  });
  const evaluator = createEvaluator({ ...options, tracker, concurrency: settings.concurrency });
  const devAll = await task.loadSplit("dev");
  if (devAll.length === 0)
    throw new InvalidInputError({ message: `Task "${task.id}" has no dev examples.`, location: { field: "task" } });
  const trainLoaded = await task.loadSplit("train");
  // A task without a training split (SNLI here) draws its minibatches from dev; selection still uses the dev sample.
  const train: readonly Example[] = trainLoaded.length > 0 ? trainLoaded : devAll;
  const dev = sampleInOrder(devAll, settings.devSize, random.fork("dev"));
  checkCallBudget(settings, dev.length);
  const rungs = halvingRungs({ devSize: dev.length, initialExamples: settings.halvingInitialExamples });
  const accepted: AcceptedCandidate[] = [];
  const seen = new Map<string, number>();
  const history: ScoredPrompt[] = [];
  const seedHash = promptHash(settings.seedPrompt);
  let stopReason: string | undefined;
  try {
    log.emit({ type: "run-started", seed: settings.seed, seedPrompt: settings.seedPrompt, seedHash });
    seen.set(seedHash, 0);
    const seedScores = (
      await evaluator.evaluate({ prompt: settings.seedPrompt, hash: seedHash, split: "dev", examples: dev })
    ).scores;
    log.emit({
      type: "candidate-scored",
      round: 0,
      candidateHash: seedHash,
      split: "dev",
      rung: rungs.length - 1,
      exampleCount: dev.length,
      meanScore: meanOf(seedScores),
    });
    const seedCandidate = { hash: seedHash, prompt: settings.seedPrompt, round: 0, devScores: seedScores };
    accepted.push({ ...seedCandidate, promptLength: settings.seedPrompt.length });
    history.push({ prompt: settings.seedPrompt, score: meanOf(seedScores) });
    log.emit({ type: "frontier-updated", round: 0, candidateHashes: [seedHash] });
    let idleRounds = 0;
    for (let round = 1; stopReason === undefined; round += 1) {
      stopReason = stopReasonAt({ round, idleRounds, best: bestOf(accepted), options, tracker });
      if (stopReason !== undefined) break;
      const roundRandom = random.fork(`round:${round}`);
      const parent = chooseParent(accepted, settings, roundRandom.fork("parent"));
      const accepts = await runRound({
        ...options,
        round,
        parent,
        train,
        dev,
        rungs,
        accepted,
        seen,
        history,
        random: roundRandom,
        evaluator,
        tracker,
        log,
      });
      idleRounds = accepts > 0 ? 0 : idleRounds + 1;
      const best = bestOf(accepted) ?? parent;
      log.emit({
        type: "round-completed",
        round,
        bestHash: best.hash,
        bestDevScore: meanOf(best.devScores),
        spend: tracker.snapshot(),
      });
    }
  } catch (error) {
    if (error instanceof InterruptStop || abortSignal?.aborted === true)
      return interrupted(options, accepted, tracker.snapshot());
    if (!(error instanceof BudgetStop)) throw error;
    stopReason = `budget:${error.budget}`;
  }
  const best = bestOf(accepted);
  if (best === undefined)
    throw new DlmpoError({
      code: "budget-exhausted",
      message: `Run ${runId}: the budget ran out before the seed prompt was scored. Raise the budget.`,
    });
  log.emit({ type: "run-stopped", reason: stopReason ?? "rounds", spend: tracker.snapshot() });
  let testMetrics: readonly MetricValue[] | undefined;
  try {
    testMetrics = await scoreTest({ options, best, random, evaluator, log });
  } catch (error) {
    if (abortSignal?.aborted === true) return interrupted(options, accepted, tracker.snapshot());
    throw error;
  }
  const spend = tracker.snapshot();
  log.emit({
    type: "run-completed",
    bestHash: best.hash,
    bestPrompt: best.prompt,
    devScore: meanOf(best.devScores),
    spend,
  });
  const result = toResult({
    runId,
    accepted,
    best,
    spend,
    status: "completed",
    stopReason: stopReason ?? "rounds",
    testMetrics,
  });
  store.updateRun(runId, { status: "completed", summary: result, atMs: runtime.clock.now() });
  return result;
}

async function scoreTest(context: {
  readonly options: RunSessionOptions;
  readonly best: AcceptedCandidate;
  readonly random: Random;
  readonly evaluator: ReturnType<typeof createEvaluator>;
  readonly log: ReturnType<typeof createEventLog>;
}): Promise<readonly MetricValue[] | undefined> {
  const { options, best } = context;
  if (options.settings.testSize === 0) return undefined;
  const test = sampleInOrder(
    await options.task.loadSplit("test"),
    options.settings.testSize,
    context.random.fork("test"),
  );
  if (test.length === 0) return undefined;
  const evaluation = await context.evaluator.evaluate({
    prompt: best.prompt,
    hash: best.hash,
    split: "test",
    examples: test,
  });
  const metrics = options.task.summarize(evaluation.traces);
  context.log.emit({ type: "test-scored", candidateHash: best.hash, metrics });
  return metrics;
}

function stopReasonAt(context: {
  readonly round: number;
  readonly idleRounds: number;
  readonly best: AcceptedCandidate | undefined;
  readonly options: RunSessionOptions;
  readonly tracker: ReturnType<typeof createSpendTracker>;
}): string | undefined {
  const { options } = context;
  if (options.abortSignal?.aborted === true) throw new InterruptStop("aborted");
  if (options.stopFile !== undefined && existsSync(options.stopFile)) throw new InterruptStop("stop file");
  const exhausted = context.tracker.exhausted();
  if (exhausted !== undefined) return `budget:${exhausted}`;
  if (context.round > options.settings.rounds) return "rounds";
  if (context.idleRounds >= options.settings.patience) return "plateau";
  const target = options.settings.targetScore;
  if (target !== undefined && context.best !== undefined && meanOf(context.best.devScores) >= target)
    return "target-score";
  return undefined;
}

function chooseParent(
  accepted: readonly AcceptedCandidate[],
  settings: OptimizerSettings,
  random: Random,
): AcceptedCandidate {
  const best = bestOf(accepted);
  if (best === undefined)
    throw new DlmpoError({ code: "internal", message: "No accepted prompt to start a round from." });
  if (settings.parentSelection === "best") return best;
  const frontierHashes = new Set(computeFrontier(accepted));
  const frontier = accepted.filter((candidate) => frontierHashes.has(candidate.hash));
  // Every frontier member keeps a chance; members that win more dev examples are drawn more often (GEPA-style).
  const weights = exampleWins(frontier).map((wins) => wins + 1);
  let draw = random.next() * weights.reduce((sum, weight) => sum + weight, 0);
  for (const [index, candidate] of frontier.entries()) {
    draw -= weights[index] ?? 0;
    if (draw < 0) return candidate;
  }
  return best;
}

function checkCallBudget(settings: OptimizerSettings, devCount: number): void {
  const limit = settings.budgets.targetCalls;
  if (limit === undefined || limit >= devCount + settings.testSize) return;
  throw new InvalidInputError({
    message:
      `A target-call budget of ${limit} cannot even score the seed prompt on ${devCount} dev examples and the best ` +
      `prompt on ${settings.testSize} test examples. Raise the budget or lower devSize/testSize.`,
    location: { field: "budgets.targetCalls" },
  });
}

function interrupted(options: RunSessionOptions, accepted: readonly AcceptedCandidate[], spend: Spend): OptimizeResult {
  const best = bestOf(accepted);
  const result = toResult({
    runId: options.runId,
    accepted,
    best: best ?? { hash: promptHash(options.settings.seedPrompt), prompt: options.settings.seedPrompt, devScores: [] },
    spend,
    status: "stopped",
    stopReason: "interrupted",
    testMetrics: undefined,
  });
  options.store.updateRun(options.runId, { status: "stopped", summary: result, atMs: options.runtime.clock.now() });
  return result;
}

function toResult(parts: {
  readonly runId: string;
  readonly accepted: readonly AcceptedCandidate[];
  readonly best: Pick<AcceptedCandidate, "hash" | "prompt" | "devScores">;
  readonly spend: Spend;
  readonly status: OptimizeResult["status"];
  readonly stopReason: string;
  readonly testMetrics: readonly MetricValue[] | undefined;
}): OptimizeResult {
  return {
    runId: parts.runId,
    status: parts.status,
    stopReason: parts.stopReason,
    bestHash: parts.best.hash,
    bestPrompt: parts.best.prompt,
    devScore: meanOf(parts.best.devScores),
    ...(parts.testMetrics === undefined ? {} : { testMetrics: parts.testMetrics }),
    spend: parts.spend,
    lineage: parts.accepted.map((candidate) => ({
      hash: candidate.hash,
      ...(candidate.parentHash === undefined ? {} : { parentHash: candidate.parentHash }),
      round: candidate.round,
      prompt: candidate.prompt,
      devScore: meanOf(candidate.devScores),
    })),
  };
}

function lastSpend(events: readonly StoredEvent[]): Spend | undefined {
  for (let index = events.length - 1; index >= 0; index -= 1) {
    const data = events[index]?.data;
    if (typeof data === "object" && data !== null && "spend" in data) {
      // Only the optimizer writes these events, and every `spend` field it writes is a Spend.
      return (data as { spend: Spend }).spend;
    }
  }
  return undefined;
}

function onEventOf(options: RunSessionOptions): { onEvent?: (event: OptimizerEvent) => void } {
  return options.onEvent === undefined ? {} : { onEvent: options.onEvent };
}

/** The target as meters name it: `openai:gpt-4o-mini` for the provider `openai.chat` and model `gpt-4o-mini`. */
function modelIdOfTarget(target: LanguageModelV3): string {
  return `${target.provider.split(".")[0] ?? target.provider}:${target.modelId}`;
}
