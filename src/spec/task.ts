import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { Runtime } from "./runtime.js";
import type { Trace } from "./trace.js";

export type SplitName = "train" | "dev" | "test";

/** One example of a task. `id` is stable across runs (used as the key of per-example scores). */
export interface Example {
  readonly id: string;
  readonly fields: Readonly<Record<string, unknown>>;
  /** The expected answer, when the task has one (a label). */
  readonly expected?: string | undefined;
}

export interface RolloutOptions {
  readonly systemPrompt: string;
  readonly example: Example;
  readonly target: LanguageModelV3;
  readonly runtime: Runtime;
  /** Sample index for repeated trials (part of the cache key when temperature > 0). */
  readonly trial?: number | undefined;
  readonly abortSignal?: AbortSignal | undefined;
}

/** Aggregate metric with a 95% confidence interval. */
export interface MetricValue {
  readonly name: string;
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

/** A task: its examples, how to run one example (rollout → trace), and how to summarise traces. */
export interface Task {
  readonly id: string;
  readonly description: string;
  /** The prompt optimisation starts from when the user gives none. */
  readonly seedPrompt: string;
  loadSplit(split: SplitName): Promise<readonly Example[]>;
  rollout(options: RolloutOptions): Promise<Trace>;
  /** Aggregate metrics over traces; the first one is the score the optimiser maximises. */
  summarize(traces: readonly Trace[]): readonly MetricValue[];
}
