import { InvalidInputError } from "../../../errors/invalid-input-error.js";
import { stableHash } from "../../../internal/stable-hash.js";
import { type OptimizeCommandOptions, optimizeMethods } from "../../config/optimize-options.js";
import { planBenchId } from "../bench-runs/plan-bench-id.js";
import type { PlannedRun } from "../bench-runs/run-planned-runs.js";
import type { OptimizeMethod } from "../optimize-method.js";

/** One run of a comparison: a method on a task with one seed, under a fixed run id. */
export interface ComparisonRun extends PlannedRun {
  readonly task: string;
  readonly method: OptimizeMethod;
  readonly seed: number;
}

/** Every run of a comparison, in the order they start. */
export interface ComparisonPlan {
  /** `cmp_<hash>` of the shared options: the same command (any seeds, methods or tasks) has the same id. */
  readonly id: string;
  readonly tasks: readonly string[];
  /** The methods asked for, after `none` (the seed prompt, the reference every gain is measured against). */
  readonly methods: readonly OptimizeMethod[];
  readonly seeds: readonly number[];
  readonly runs: readonly ComparisonRun[];
}

/** `a,b` or [`a`, `b,c`] → [a, b, c] without blanks or repeats. */
export function splitList(value: string | readonly string[]): string[] {
  const parts = (typeof value === "string" ? [value] : value).flatMap((text) => text.split(","));
  return [...new Set(parts.map((part) => part.trim()).filter((part) => part !== ""))];
}

/**
 * Plans a comparison: every task × method × seed (`seedCount` seeds from `base.seed`), with `none` added first when
 * missing. Each run's id is the comparison id, the task (a file task by a hash of its path), the method and the seed,
 * so a re-run of the same command finds the runs it already stored.
 *
 * @throws InvalidInputError naming `--methods` for an unknown method.
 */
export function planComparison(options: {
  readonly base: OptimizeCommandOptions;
  readonly tasks: readonly string[];
  readonly methods: readonly string[];
  readonly seedCount: number;
}): ComparisonPlan {
  const methods: OptimizeMethod[] = [];
  for (const name of ["none", ...options.methods]) {
    const method = optimizeMethods.find((known) => known === name);
    if (method === undefined)
      throw new InvalidInputError({
        message: `unknown method "${name}"; use some of ${optimizeMethods.join(", ")}.`,
        location: { field: "--methods" },
      });
    if (!methods.includes(method)) methods.push(method);
  }
  const id = planBenchId({
    prefix: "cmp",
    kind: "dlmpo-bench-compare",
    base: options.base,
    perRun: ["task", "method", "seed"],
  });
  const seeds = Array.from({ length: options.seedCount }, (_, index) => options.base.seed + index);
  const taskKey = (task: string): string => (/^[a-z0-9-]+$/.test(task) ? task : `task${stableHash(task).slice(0, 8)}`);
  const runs = options.tasks.flatMap((task) =>
    seeds.flatMap((seed) =>
      methods.map(
        (method): ComparisonRun => ({
          task,
          method,
          seed,
          runId: `${id}-${taskKey(task)}-${method}-s${seed}`,
          command: { ...options.base, task, method, seed },
          invocation: { comparison: id },
        }),
      ),
    ),
  );
  return { id, tasks: options.tasks, methods, seeds, runs };
}
