import type { OptimizerSettings } from "../../../optimizer/optimizer-settings.js";
import type { RunPlan } from "../../../optimizer/plan-run.js";
import { type JudgeCallPlan, planJudgeCalls } from "../../../tasks/traces/plan-judge-calls.js";
import type { TracesJudgePlan } from "./load-traces-command-task.js";

/** A dry run's plan with the judge's calls of `optimize --traces` beside the target's and the DLM's. */
export type PlanWithJudge = RunPlan & { readonly judgeCalls?: JudgeCallPlan | undefined };

/**
 * Adds the judge's planned calls (`planJudgeCalls`) to a dry run's plan, and their cost to its estimate when the judge's
 * price per call is known (an unpriced judge's calls are left out of it, as an unpriced DLM's are), with the target's
 * seed replies of pairwise judging at the target's price.
 */
export function planTracesJudge(options: {
  readonly plan: RunPlan;
  readonly settings: OptimizerSettings;
  readonly judgePlan: TracesJudgePlan;
  readonly costPerJudgeCallUsd: number | undefined;
  readonly costPerTargetCallUsd: number | undefined;
}): PlanWithJudge {
  const { plan, settings, judgePlan } = options;
  const judgeCalls = planJudgeCalls({
    mode: judgePlan.mode,
    hasJudgedExamples: judgePlan.hasJudgedExamples,
    seedDev: plan.targetCalls.seedDev,
    perRound: plan.targetCalls.perRound,
    rounds: settings.rounds,
    trainMinibatch: settings.trainMinibatch,
    // The plan's test figure is the seed's and the final prompt's test rollouts together.
    testPerPrompt: plan.targetCalls.test / 2,
    rubricCalls: judgePlan.setupCalls.rubric,
    agreementCalls: judgePlan.setupCalls.agreement,
  });
  const estimatedCostUsd =
    plan.estimatedCostUsd === undefined
      ? undefined
      : plan.estimatedCostUsd +
        judgeCalls.total * (options.costPerJudgeCallUsd ?? 0) +
        judgeCalls.seedReplies * (options.costPerTargetCallUsd ?? 0);
  return { ...plan, estimatedCostUsd, judgeCalls };
}
