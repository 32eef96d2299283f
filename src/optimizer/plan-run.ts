import type { OptimizerSettings } from "./optimizer-settings.js";
import { halvingRungs, survivorsOf } from "./successive-halving.js";

/** Upper bounds on what a run will spend, computed before anything is spent. */
export interface RunPlan {
  /** Target rollouts: seed on dev, per round (worst case), the final test, and the total over all rounds. */
  readonly targetCalls: {
    readonly seedDev: number;
    readonly perRound: number;
    readonly test: number;
    readonly total: number;
  };
  /** DLM requests over all rounds, worst case (a proposer's corrective retries included; one span per FIM call). */
  readonly dlmCalls: number;
  /** Estimated US dollars when the target's per-call price is given (DLM requests at theirs, or 0), else undefined. */
  readonly estimatedCostUsd: number | undefined;
  /** Successive-halving rung sizes on the selection part of the dev sample. */
  readonly rungs: readonly number[];
  /** Dev examples held out to accept (the rest select). */
  readonly acceptanceExamples: number;
}

/** Options of {@link planRun}. */
export interface PlanRunOptions {
  readonly settings: OptimizerSettings;
  /** Examples available in the dev split. */
  readonly devCount: number;
  /** Examples available in the test split; default `testSize` (the final test scores at most that many). */
  readonly testCount?: number | undefined;
  /** Expected US dollars per target rollout, if known. */
  readonly costPerTargetCallUsd?: number | undefined;
  /** Expected US dollars per DLM request, if known. */
  readonly costPerDlmCallUsd?: number | undefined;
  /** Most DLM requests of one proposer call (`Proposer.maxRequests`); default 1. */
  readonly maxRequestsPerDlmCall?: number | undefined;
}

/**
 * The planned number of calls of a run (`dryRun`): an upper bound, since duplicates, invalid candidates, cached scores
 * and early stops only lower it. Budgets cap the total further; the plan reports the uncapped figures.
 */
export function planRun(options: PlanRunOptions): RunPlan {
  const { settings } = options;
  const devSize = Math.min(settings.devSize, options.devCount);
  const acceptanceExamples =
    devSize < 2 ? 0 : Math.min(devSize - 1, Math.max(1, Math.round(settings.acceptShare * devSize)));
  const selectionSize = devSize - acceptanceExamples;
  const rungs = halvingRungs({ devSize: selectionSize, initialExamples: settings.halvingInitialExamples });
  let evaluations = 0;
  let survivors = settings.candidatesPerRound;
  let previous = 0;
  for (const size of rungs) {
    evaluations += survivors * (size - previous);
    previous = size;
    survivors = survivorsOf(survivors);
  }
  const probes =
    (settings.spanStrategies.attributed ?? 0) > 0 ? settings.attributionSentences * settings.attributionExamples : 0;
  const finalists = Math.min(settings.candidatesPerRound, settings.acceptCandidates);
  const perRound = settings.trainMinibatch + probes + evaluations + finalists * acceptanceExamples;
  // The seed and the final prompt are both scored on the test examples.
  const test = 2 * Math.min(settings.testSize, options.testCount ?? settings.testSize);
  const proposerCalls = settings.rounds * Math.ceil(settings.candidatesPerRound / settings.samplesPerSpanSet);
  const dlmCalls = proposerCalls * (options.maxRequestsPerDlmCall ?? 1);
  const total = devSize + settings.rounds * perRound + test;
  const estimatedCostUsd =
    options.costPerTargetCallUsd === undefined
      ? undefined
      : total * options.costPerTargetCallUsd + dlmCalls * (options.costPerDlmCallUsd ?? 0);
  return {
    targetCalls: { seedDev: devSize, perRound, test, total },
    dlmCalls,
    estimatedCostUsd,
    rungs,
    acceptanceExamples,
  };
}
