import type { Spend, TestComparison } from "../spec/events.js";
import type { MetricValue } from "../spec/task.js";

/** One accepted prompt of a run, with the parent it improved on. */
export interface LineageEntry {
  readonly hash: string;
  /** Undefined for the seed prompt. */
  readonly parentHash?: string | undefined;
  /** Round it was accepted in; 0 for the seed. */
  readonly round: number;
  readonly prompt: string;
  readonly devScore: number;
}

/** What `optimize` and `resumeRun` return, and what is stored as the run's summary. */
export interface OptimizeResult {
  readonly runId: string;
  /** `stopped` when interrupted (abort signal or stop file): resume it to finish. */
  readonly status: "completed" | "stopped";
  /** Why the rounds ended: `rounds`, `plateau`, `target-score`, `budget:<resource>`, `no-candidates` or `interrupted`. */
  readonly stopReason: string;
  readonly bestHash: string;
  readonly bestPrompt: string;
  /** Mean dev score of the best prompt, in [0, 1]. */
  readonly devScore: number;
  /** Metrics of the best prompt on the test split; undefined when not scored (interrupted, or `testSize` 0). */
  readonly testMetrics?: readonly MetricValue[] | undefined;
  /** Metrics of the seed prompt on the same test examples; undefined when the test was not scored. */
  readonly seedTestMetrics?: readonly MetricValue[] | undefined;
  /** Final − seed on the same test examples (paired difference, 95% interval, two-sided p-value). */
  readonly testComparison?: TestComparison | undefined;
  readonly spend: Spend;
  /** Accepted prompts in the order they were accepted, the seed first. */
  readonly lineage: readonly LineageEntry[];
}
