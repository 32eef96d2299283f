import { formatMean, type TableCells } from "./comparison-table-cells.js";
import { formatScore, formatUsd } from "./format-score.js";
import type { StepSweepSummary } from "./summarize-step-sweep.js";

const oneDecimal = (value: number): string => value.toFixed(1);

/**
 * The step sweep as table cells: per step count, scores and costs with 95% intervals over seeds. Forward passes count
 * every sampled candidate, the `dropped` ones (by the proposer's fluency gate, before scoring) included.
 */
export function stepSweepTableCells(summary: StepSweepSummary): TableCells {
  return {
    header: [
      "steps",
      "runs",
      "steps run",
      "dev (95% CI)",
      "test (95% CI)",
      "DLM forward passes",
      "DLM calls",
      "dropped",
      "tokens",
      "USD",
      "wall s",
    ],
    rows: summary.rows.map((row) => [
      String(row.steps),
      String(row.runs),
      row.stepsRun === undefined ? "–" : String(row.stepsRun),
      formatMean(row.devScore, formatScore),
      formatMean(row.testScore, formatScore),
      formatMean(row.forwardPasses, oneDecimal),
      formatMean(row.dlmCalls, oneDecimal),
      formatMean(row.droppedCandidates, oneDecimal),
      formatMean(row.tokens, (value) => String(Math.round(value))),
      formatUsd(row.costUsd?.value),
      formatMean(row.wallSeconds, oneDecimal),
    ]),
  };
}
