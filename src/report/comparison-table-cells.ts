import type { MeanInterval } from "../internal/mean-interval.js";
import { formatDifference, formatScore, formatUsd } from "./format-score.js";
import type { ComparisonSummary } from "./summarize-comparison.js";

/** A table as text cells: the header and one row per line. */
export interface TableCells {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** `0.812 [0.774, 0.846]`; one value has no interval (`0.812 (1 seed)`); none is an en dash. */
export function formatMean(interval: MeanInterval | undefined, format: (value: number) => string): string {
  if (interval === undefined) return "–";
  if (interval.count === 1) return `${format(interval.value)} (1 seed)`;
  return `${format(interval.value)} [${format(interval.low)}, ${format(interval.high)}]`;
}

const whole = (value: number): string => String(Math.round(value));

/** The method table of one task: test score and gain over the seed prompt with 95% intervals over seeds, mean cost. */
export function methodTableCells(options: { readonly summary: ComparisonSummary; readonly task: string }): TableCells {
  return {
    header: [
      "method",
      "runs",
      "test (95% CI over seeds)",
      "gain vs seed (95% CI)",
      "target calls",
      "DLM calls",
      "tokens",
      "USD",
      "wall s",
    ],
    rows: options.summary.rows
      .filter((row) => row.task === options.task)
      .map((row) => [
        row.method,
        String(row.runs),
        formatMean(row.testScore, formatScore),
        formatMean(row.gain, formatDifference),
        whole(row.cost.targetCalls),
        whole(row.cost.dlmCalls),
        whole(row.cost.tokens),
        formatUsd(row.cost.costUsd),
        (row.cost.wallMs / 1000).toFixed(1),
      ]),
  };
}

/** The pairwise table of one task: wins, losses and ties over paired test examples, mean difference and p-value. */
export function pairTableCells(options: { readonly summary: ComparisonSummary; readonly task: string }): TableCells {
  return {
    header: ["pair", "seeds", "examples", "wins", "losses", "ties", "mean difference", "p (sign test)"],
    rows: options.summary.pairs
      .filter((pair) => pair.task === options.task)
      .map((pair) => [
        `${pair.first} vs ${pair.second}`,
        String(pair.seeds),
        String(pair.examples),
        String(pair.wins),
        String(pair.losses),
        String(pair.ties),
        formatDifference(pair.meanDifference),
        pair.pValue < 0.001 ? "<0.001" : pair.pValue.toFixed(3),
      ]),
  };
}
