import { InvalidInputError } from "../../../errors/invalid-input-error.js";
import { defaultSlotRange } from "../../../prompt/estimate-slots.js";
import type { OptimizeCommandOptions } from "../../config/optimize-options.js";
import { planBenchId } from "../bench-runs/plan-bench-id.js";
import type { PlannedRun } from "../bench-runs/run-planned-runs.js";

/** One run of a step sweep: `steps` reverse steps with one seed, under a fixed run id. */
export interface StepSweepRun extends PlannedRun {
  readonly steps: number;
  readonly seed: number;
}

/** Every run of a step sweep, seed by seed, each seed's step counts in the order given. */
export interface StepSweepPlan {
  /** `stp_<hash>` of the sweep's options: the same command (any step counts or seeds) has the same id. */
  readonly id: string;
  readonly runs: readonly StepSweepRun[];
}

/** `8,16,32` → [8, 16, 32]; each a whole number ≥ 1, no repeats. */
export function parseStepList(text: string): number[] {
  const steps = text.split(",").map((part) => part.trim());
  if (steps.some((part) => !/^\d+$/.test(part) || Number(part) < 1))
    throw new InvalidInputError({
      message: `expected step counts like 8,16,32,64,128, got "${text}"`,
      location: { field: "steps" },
    });
  return [...new Set(steps.map(Number))];
}

/** Whether `--dlm` names a native DLM (the sampler runs here and its steps are ours to count). */
const isNativeDlm = (options: OptimizeCommandOptions): boolean =>
  options.method === "dlm" && /^(builtin|onnx:|remote:)/.test(options.dlm ?? "builtin");

/**
 * The sweep's options: unless `--slots` or `--min-slots` was given, a native DLM's spans get at least as many mask
 * slots as the largest step count (within `--max-slots`, default 64), since the sampler commits at least one slot per
 * step and more steps than slots change nothing.
 */
export function withSlotsForSteps(options: OptimizeCommandOptions, largest: number): OptimizeCommandOptions {
  if (options.slots !== undefined || options.minSlots !== undefined || !isNativeDlm(options)) return options;
  return { ...options, minSlots: Math.min(largest, options.maxSlots ?? defaultSlotRange.max) };
}

/**
 * Plans a step sweep: `seedCount` seeds from `base.seed`, each with every step count. The sweep's id hashes the options
 * the runs share (the slots given to spans included, so a sweep whose largest step count raised them is another
 * sweep); each run's id adds its step count and seed, so a re-run of the same command finds the runs it stored.
 */
export function planStepSweep(options: {
  readonly base: OptimizeCommandOptions;
  readonly steps: readonly number[];
  readonly seedCount: number;
}): StepSweepPlan {
  const id = planBenchId({ prefix: "stp", kind: "dlmpo-bench-steps", base: options.base, perRun: ["seed", "steps"] });
  const runs = Array.from({ length: options.seedCount }, (_, index) => options.base.seed + index).flatMap((seed) =>
    options.steps.map(
      (steps): StepSweepRun => ({
        steps,
        seed,
        runId: `${id}-st${steps}-s${seed}`,
        command: { ...options.base, seed, steps },
        invocation: { stepSweep: id },
      }),
    ),
  );
  return { id, runs };
}
