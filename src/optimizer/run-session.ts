import { existsSync } from "node:fs";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import { createSeededRandom } from "../internal/seeded-random.js";
import { promptHash } from "../prompt/prompt-hash.js";
import type { OptimizerEvent, Spend } from "../spec/events.js";
import type { ScoredPrompt } from "../spec/proposer.js";
import type { Random } from "../spec/runtime.js";
import type { StoredEvent } from "../spec/store.js";
import type { Example } from "../spec/task.js";
import { resolveMaxFailures } from "../tasks/resolve-max-failures.js";
import { compareOnTest, type TestOutcome } from "./compare-on-test.js";
import { BudgetStop, createEvaluator, emitFailures } from "./create-evaluator.js";
import { createEventLog } from "./event-log.js";
import { bestOf, computeFrontier, exampleWins, meanOf } from "./frontier.js";
import { loadDevSplit } from "./load-dev-split.js";
import type { OptimizeResult } from "./optimize-result.js";
import type { OptimizerSettings } from "./optimizer-settings.js";
import { type AcceptedCandidate, runRound } from "./run-round.js";
import type { RunSessionOptions } from "./run-session-options.js";
import { sampleInOrder } from "./sample-in-order.js";
import { createSpendTracker } from "./spend-tracker.js";
import { splitDev } from "./split-dev.js";
import { halvingRungs } from "./successive-halving.js";

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
  // A run stored before judge checks were recorded resumes without one (its second event is another type).
  const storedSecond = options.storedEvents[1];
  const judgeCheck =
    storedSecond === undefined || storedSecond.type === "judge-checked" ? options.judgeCheck : undefined;
  const tracker = createSpendTracker({
    budgets: settings.budgets,
    clock: runtime.clock,
    meters: options.meters,
    // The seed and the final prompt are both scored on the test examples.
    testReserve: 2 * settings.testSize,
    // What the judge's checks cost before the run counts as the run's (a later session's events include it).
    baseline: lastSpend(options.storedEvents) ?? judgeCheck?.spend,
    targetModelId: modelIdOfTarget(options.target),
    modelRoles: options.modelRoles,
  });
  const devAll = await loadDevSplit(task);
  const trainLoaded = await task.loadSplit("train");
  // A task without a training split (SNLI here) draws its minibatches from dev; selection still uses the dev sample.
  const train: readonly Example[] = trainLoaded.length > 0 ? trainLoaded : devAll;
  const { examples: dev, selectionSize } = splitDev({
    dev: sampleInOrder(devAll, settings.devSize, random.fork("dev")),
    acceptShare: settings.acceptShare,
    rounds: settings.rounds,
    random: random.fork("accept-split"),
  });
  checkCallBudget(settings, dev.length);
  const evaluator = createEvaluator({
    ...options,
    tracker,
    concurrency: settings.concurrency,
    // A share is of the examples the run's numbers rest on: the dev sample and the test sample.
    maxFailures: resolveMaxFailures({ value: settings.maxFailures, examples: dev.length + settings.testSize }),
  });
  const rungs = halvingRungs({ devSize: selectionSize, initialExamples: settings.halvingInitialExamples });
  const accepted: AcceptedCandidate[] = [];
  const seen = new Map<string, number>();
  const history: ScoredPrompt[] = [];
  const seedHash = promptHash(settings.seedPrompt);
  let stopReason: string | undefined;
  try {
    log.emit({ type: "run-started", seed: settings.seed, seedPrompt: settings.seedPrompt, seedHash });
    if (judgeCheck !== undefined) log.emit({ type: "judge-checked", ...judgeCheck });
    seen.set(seedHash, 0);
    const seedScores = (
      await evaluator.evaluate({ prompt: settings.seedPrompt, hash: seedHash, split: "dev", examples: dev })
    ).scores;
    emitFailures(evaluator, log);
    log.emit({
      type: "candidate-scored",
      round: 0,
      candidateHash: seedHash,
      split: "dev",
      // One past the selection rungs: the whole dev sample, as accepted children are scored.
      rung: rungs.length,
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
        selectionSize,
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
  // Failures met by the evaluation the budget cut short are recorded too.
  emitFailures(evaluator, log);
  const best = bestOf(accepted);
  if (best === undefined)
    throw new DlmpoError({
      code: "budget-exhausted",
      message: `Run ${runId}: the budget ran out before the seed prompt was scored. Raise the budget.`,
    });
  log.emit({ type: "run-stopped", reason: stopReason ?? "rounds", spend: tracker.snapshot() });
  let testOutcome: TestOutcome | undefined;
  try {
    testOutcome = await compareOnTest({
      options,
      seed: { hash: seedHash, prompt: settings.seedPrompt },
      best,
      random,
      evaluator,
      log,
    });
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
    testOutcome,
  });
  store.updateRun(runId, { status: "completed", summary: result, atMs: runtime.clock.now() });
  return result;
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
  if (limit === undefined || limit >= devCount + 2 * settings.testSize) return;
  throw new InvalidInputError({
    message:
      `A target-call budget of ${limit} cannot even score the seed prompt on ${devCount} dev examples and the seed ` +
      `and final prompts on ${settings.testSize} test examples each. Raise the budget or lower devSize/testSize.`,
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
    testOutcome: undefined,
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
  readonly testOutcome: TestOutcome | undefined;
}): OptimizeResult {
  const test = parts.testOutcome;
  return {
    runId: parts.runId,
    status: parts.status,
    stopReason: parts.stopReason,
    bestHash: parts.best.hash,
    bestPrompt: parts.best.prompt,
    devScore: meanOf(parts.best.devScores),
    ...(test === undefined
      ? {}
      : { testMetrics: test.bestMetrics, seedTestMetrics: test.seedMetrics, testComparison: test.comparison }),
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
