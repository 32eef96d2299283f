import type { JudgeMode } from "./create-replay-task.js";

/** Judge calls of a judged-replay run, planned before it starts (`optimize --traces --dry-run`). */
export interface JudgeCallPlan {
  /** Calls that score replayed replies over the run, final test included: an upper bound. */
  readonly scoring: number;
  /** The rubric's derivation: 1 when it will be derived from logged feedback, else 0 (given, or nothing to derive from). */
  readonly rubric: number;
  /** Agreement checks on held-out conversations with a logged score, before the first round: exact. */
  readonly agreement: number;
  /** `scoring + rubric + agreement`. */
  readonly total: number;
  /**
   * Target calls on top of the rollouts (not in `--budget-calls`): pairwise, each compared rollout first replays the
   * seed prompt on its example; the cache answers all but the first per example, so this upper bound holds without
   * it. 0 in absolute mode.
   */
  readonly seedReplies: number;
}

/** Options of {@link planJudgeCalls}: the mode and the run's planned rollouts (`RunPlan` and settings). */
export interface PlanJudgeCallsOptions {
  readonly mode: JudgeMode;
  /** Whether some replay example has no expected answer (only those are judged). */
  readonly hasJudgedExamples: boolean;
  /** Seed rollouts on the dev sample. */
  readonly seedDev: number;
  /** Rollouts per round at most (train minibatch, probes, selection rungs, acceptance). */
  readonly perRound: number;
  readonly rounds: number;
  /** Train minibatch of a round (all of round 1's are the seed's). */
  readonly trainMinibatch: number;
  /** Test examples each of the seed and the final prompt is scored on. */
  readonly testPerPrompt: number;
  readonly rubricCalls: number;
  readonly agreementCalls: number;
}

/**
 * Plans a judged-replay run's judge calls. Absolute: one per rollout of an example without an expected answer, the
 * seed's included. Pairwise: two per rollout of a prompt other than the seed (both orders), and a replay of the seed
 * prompt on its example (`seedReplies`); the seed's rollouts (dev, round 1's train minibatch, test) cost none. Scoring
 * calls are an upper bound, as the run's target calls are: cached calls, replies identical to the seed's, reused
 * scores and early stops only lower them.
 */
export function planJudgeCalls(options: PlanJudgeCallsOptions): JudgeCallPlan {
  const roundRollouts = options.rounds * options.perRound;
  const compared =
    Math.max(0, roundRollouts - Math.min(options.rounds, 1) * options.trainMinibatch) + options.testPerPrompt;
  const scoring = !options.hasJudgedExamples
    ? 0
    : options.mode === "absolute"
      ? options.seedDev + roundRollouts + 2 * options.testPerPrompt
      : 2 * compared;
  return {
    scoring,
    rubric: options.rubricCalls,
    agreement: options.agreementCalls,
    total: scoring + options.rubricCalls + options.agreementCalls,
    seedReplies: options.hasJudgedExamples && options.mode === "pairwise" ? compared : 0,
  };
}
