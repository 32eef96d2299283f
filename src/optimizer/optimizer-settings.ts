import { diffusionSettingRanges, isInRange } from "../diffusion/diffusion-setting-ranges.js";
import { validateDiffusionSettings } from "../diffusion/validate-diffusion-settings.js";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import { defaultSlotRange, type SlotRange } from "../prompt/estimate-slots.js";
import type { DiffusionSettings } from "../spec/proposer.js";
import { resolveMaxFailures } from "../tasks/resolve-max-failures.js";
import { type SpanStrategy, spanStrategies } from "./select-spans.js";

/** Limits on what a run may spend; each is optional (no limit). */
export interface Budgets {
  /** Rollouts of the target (one per example evaluation, test split included). Enforced exactly. */
  readonly targetCalls?: number | undefined;
  /** Proposer calls. Enforced exactly. */
  readonly dlmCalls?: number | undefined;
  /** Input plus output tokens measured by the meters; overshoot ≤ the calls in flight. */
  readonly tokens?: number | undefined;
  /** US dollars measured by the meters; overshoot ≤ the calls in flight. */
  readonly costUsd?: number | undefined;
  /** Wall-clock milliseconds of the run (all sessions of a resumed run together). */
  readonly wallMs?: number | undefined;
}

/**
 * Over which family the acceptance tests control the chance of accepting a candidate that is not better: `run` spends
 * `acceptAlpha` evenly over the planned rounds (so the whole run accepts a non-improvement with probability ≤ α);
 * `round` gives every round the full α (more power, weaker guarantee). Within a round, Holm's correction covers the
 * candidates tested.
 */
export type AcceptErrorControl = "run" | "round";

/** `acceptErrorControl` values. */
export const acceptErrorControls: readonly AcceptErrorControl[] = ["run", "round"];

/** How parents are chosen each round: the best dev score, or a draw from the frontier weighted by examples won. */
export type ParentSelection = "best" | "frontier";

/** The serialisable settings of a run (stored with it, so `resumeRun` repeats it exactly). */
export interface OptimizerSettings {
  readonly taskId: string;
  readonly proposerId: string;
  readonly targetModelId: string;
  readonly seed: number;
  readonly seedPrompt: string;
  /** Rounds at most (≥ 0). Default 8. */
  readonly rounds: number;
  /** Candidates proposed per round (≥ 1). Default 4. */
  readonly candidatesPerRound: number;
  /** Candidates per proposer call sharing one span selection (≥ 1). Default 1. */
  readonly samplesPerSpanSet: number;
  /** Training examples rolled out per round to build the conditioning (≥ 1). Default 16. */
  readonly trainMinibatch: number;
  /** Dev examples that choose the final prompt (≥ 1). Default 64. */
  readonly devSize: number;
  /** Test examples scored once at the end (≥ 0; 0 skips the test). Default 200. */
  readonly testSize: number;
  /** Dev examples of the first successive-halving rung; rungs double up to `devSize`. Default 16. */
  readonly halvingInitialExamples: number;
  /** Weight of each span strategy (≥ 0, at least one > 0). Default sentence 2, random 1, insert 1, delete 1. */
  readonly spanStrategies: Readonly<Partial<Record<SpanStrategy, number>>>;
  /** Share of words the `random` strategy masks, in (0, 1]. Default 0.15. */
  readonly maskRatio: number;
  /** Bounds on a span's mask slots, which follow the length of the text it replaces. Default 4–64, insertions 12. */
  readonly slotRange: SlotRange;
  /** Training examples each leave-one-out probe of `attributed` runs on (≥ 1). Default 4. */
  readonly attributionExamples: number;
  /** Most sentences `attributed` probes per round (≥ 1). Default 8. */
  readonly attributionSentences: number;
  readonly diffusion: DiffusionSettings;
  /** Family-wise error rate of the acceptance tests, in (0, 1); see `acceptErrorControl`. Default 0.05. */
  readonly acceptAlpha: number;
  /** Family over which `acceptAlpha` holds. Default `run`. */
  readonly acceptErrorControl: AcceptErrorControl;
  /** Share of the dev sample held out for acceptance, in (0, 1); the rest selects. Default 0.5. */
  readonly acceptShare: number;
  /** Best selection survivors per round that go on to the acceptance test (≥ 1). Default 1. */
  readonly acceptCandidates: number;
  /** …and its mean per-example gain over the parent is at least this (≥ 0). Default 0. */
  readonly minImprovement: number;
  /** Stop after this many rounds in a row without an accepted child (≥ 1). Default 3. */
  readonly patience: number;
  /** Stop once the best dev score reaches this; undefined = never. */
  readonly targetScore?: number | undefined;
  readonly parentSelection: ParentSelection;
  /** Most successes in the conditioning after the failures. Default 2. */
  readonly conditioningSuccesses: number;
  readonly budgets: Budgets;
  /** Rollouts in flight at once (≥ 1). Default 8. */
  readonly concurrency: number;
  /**
   * Rollouts allowed to fail after the models layer's retries before the run stops as `failed` (resumable): a count,
   * or a share such as `"5%"` of the dev sample plus `testSize`. A failed example is left out of the prompt's means and
   * of every paired comparison. Default 0: the first failure stops the run.
   */
  readonly maxFailures: number | string;
}

type RequiredSettingKey = "taskId" | "proposerId" | "targetModelId" | "seedPrompt";

/** Settings as a caller gives them: the four identities, and any other setting (undefined = default). */
export type OptimizerSettingsInput = Pick<OptimizerSettings, RequiredSettingKey> & {
  readonly [Key in Exclude<keyof OptimizerSettings, RequiredSettingKey>]?: OptimizerSettings[Key] | undefined;
};

/** Default diffusion settings of an optimisation run. */
export const defaultDiffusion: DiffusionSettings = {
  steps: 32,
  remasking: "low_confidence",
  temperature: 0.7,
  cfgScale: 0,
};

const defaultSettings = {
  seed: 0,
  rounds: 8,
  candidatesPerRound: 4,
  samplesPerSpanSet: 1,
  trainMinibatch: 16,
  devSize: 64,
  testSize: 200,
  halvingInitialExamples: 16,
  spanStrategies: { sentence: 2, random: 1, insert: 1, delete: 1 },
  maskRatio: 0.15,
  slotRange: defaultSlotRange,
  attributionExamples: 4,
  attributionSentences: 8,
  diffusion: defaultDiffusion,
  acceptAlpha: 0.05,
  acceptErrorControl: "run",
  acceptShare: 0.5,
  acceptCandidates: 1,
  minImprovement: 0,
  patience: 3,
  parentSelection: "best",
  conditioningSuccesses: 2,
  budgets: {},
  concurrency: 8,
  maxFailures: 0,
} satisfies Omit<OptimizerSettings, "taskId" | "proposerId" | "targetModelId" | "seedPrompt" | "targetScore">;

/**
 * Fills defaults and checks ranges. Keys that are not settings are ignored, so a caller may pass a larger options
 * object (the live parts stay out of the stored config).
 *
 * @throws InvalidInputError naming the field when a value is out of range.
 */
export function resolveSettings(input: OptimizerSettingsInput): OptimizerSettings {
  const d = defaultSettings;
  const settings: OptimizerSettings = {
    taskId: input.taskId,
    proposerId: input.proposerId,
    targetModelId: input.targetModelId,
    seedPrompt: input.seedPrompt,
    seed: input.seed ?? d.seed,
    rounds: input.rounds ?? d.rounds,
    candidatesPerRound: input.candidatesPerRound ?? d.candidatesPerRound,
    samplesPerSpanSet: input.samplesPerSpanSet ?? d.samplesPerSpanSet,
    trainMinibatch: input.trainMinibatch ?? d.trainMinibatch,
    devSize: input.devSize ?? d.devSize,
    testSize: input.testSize ?? d.testSize,
    halvingInitialExamples: input.halvingInitialExamples ?? d.halvingInitialExamples,
    spanStrategies: input.spanStrategies ?? d.spanStrategies,
    maskRatio: input.maskRatio ?? d.maskRatio,
    // Runs stored before the slot range existed resume with the default one.
    slotRange: input.slotRange ?? d.slotRange,
    attributionExamples: input.attributionExamples ?? d.attributionExamples,
    attributionSentences: input.attributionSentences ?? d.attributionSentences,
    diffusion: input.diffusion ?? d.diffusion,
    acceptAlpha: input.acceptAlpha ?? d.acceptAlpha,
    acceptErrorControl: input.acceptErrorControl ?? d.acceptErrorControl,
    acceptShare: input.acceptShare ?? d.acceptShare,
    acceptCandidates: input.acceptCandidates ?? d.acceptCandidates,
    minImprovement: input.minImprovement ?? d.minImprovement,
    patience: input.patience ?? d.patience,
    ...(input.targetScore === undefined ? {} : { targetScore: input.targetScore }),
    parentSelection: input.parentSelection ?? d.parentSelection,
    conditioningSuccesses: input.conditioningSuccesses ?? d.conditioningSuccesses,
    budgets: input.budgets ?? d.budgets,
    concurrency: input.concurrency ?? d.concurrency,
    maxFailures: input.maxFailures ?? d.maxFailures,
  };
  const integer = (field: keyof OptimizerSettings, min: number): void => {
    const value = settings[field];
    if (typeof value !== "number" || !Number.isInteger(value) || value < min)
      throw invalid(field, `Expected a whole number ≥ ${min}, got ${String(value)}.`);
  };
  integer("seed", 0);
  integer("rounds", 0);
  integer("candidatesPerRound", 1);
  integer("samplesPerSpanSet", 1);
  integer("trainMinibatch", 1);
  integer("devSize", 1);
  integer("testSize", 0);
  integer("halvingInitialExamples", 1);
  integer("attributionExamples", 1);
  integer("attributionSentences", 1);
  integer("patience", 1);
  integer("conditioningSuccesses", 0);
  integer("concurrency", 1);
  if (!(settings.maskRatio > 0 && settings.maskRatio <= 1)) throw invalid("maskRatio", "Expected a number in (0, 1].");
  integer("acceptCandidates", 1);
  if (!(settings.acceptAlpha > 0 && settings.acceptAlpha < 1))
    throw invalid("acceptAlpha", "Expected a number in (0, 1), e.g. 0.05.");
  if (!(settings.acceptShare > 0 && settings.acceptShare < 1))
    throw invalid("acceptShare", "Expected a number in (0, 1), e.g. 0.5.");
  if (!acceptErrorControls.includes(settings.acceptErrorControl))
    throw invalid("acceptErrorControl", `Expected one of ${acceptErrorControls.join(", ")}.`);
  resolveMaxFailures({ value: settings.maxFailures, examples: settings.devSize + settings.testSize });
  if (!(settings.minImprovement >= 0)) throw invalid("minImprovement", "Expected a number ≥ 0.");
  validateDiffusionSettings(settings.diffusion);
  const { min, max, insert } = settings.slotRange;
  for (const [name, value] of Object.entries({ min, max, insert }))
    if (!isInRange(value, diffusionSettingRanges.slots))
      throw invalid(`slotRange.${name}`, `Expected a whole number from 1 to ${diffusionSettingRanges.slots.max}.`);
  if (min > max) throw invalid("slotRange", `The fewest slots (${min}) exceed the most (${max}).`);
  const weights = Object.entries(settings.spanStrategies);
  for (const [name, weight] of weights) {
    if (!spanStrategies.some((strategy) => strategy === name))
      throw invalid(`spanStrategies.${name}`, `Unknown strategy; use one of ${spanStrategies.join(", ")}.`);
    if (typeof weight !== "number" || !(weight >= 0)) throw invalid(`spanStrategies.${name}`, "Expected a weight ≥ 0.");
  }
  if (!weights.some(([, weight]) => (weight ?? 0) > 0))
    throw invalid("spanStrategies", "Give at least one strategy a weight above 0.");
  for (const [name, limit] of Object.entries(settings.budgets)) {
    if (limit !== undefined && !(typeof limit === "number" && limit >= 0))
      throw invalid(`budgets.${name}`, "Expected a number ≥ 0.");
  }
  return settings;
}

function invalid(field: string, message: string): InvalidInputError {
  return new InvalidInputError({ message, location: { field } });
}
