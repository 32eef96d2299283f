import type { ComparisonMember, ComparisonSummary } from "./summarize-comparison.js";

/** Everything the outputs of `dlmpo bench compare` show: what was compared, how, the runs and their summary. */
export interface ComparisonReport {
  /** The comparison's id in the store (its runs' ids start with it). */
  readonly id: string;
  readonly tasks: readonly string[];
  readonly methods: readonly string[];
  readonly seeds: readonly number[];
  /** The shared settings in one line each (target, DLM, budgets, sizes, diffusion settings). */
  readonly settings: readonly string[];
  /** The command that made it, to print beside the numbers. */
  readonly command?: string | undefined;
  readonly members: readonly ComparisonMember[];
  readonly summary: ComparisonSummary;
  /** Caveats a reader needs (unfinished runs, single seeds, parallel wall times). */
  readonly notes: readonly string[];
}
