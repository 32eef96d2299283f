import type { ModelUsage } from "../../models/usage-meter.js";
import type { MetricValue } from "../../spec/task.js";
import { renderTable } from "./render-table.js";

/** The figures of one `dlmpo eval` run, as printed and as its `--json` output. */
export interface EvalSummary {
  readonly runId: string;
  readonly task: string;
  readonly split: string;
  readonly target: string;
  readonly promptHash: string;
  readonly examples: number;
  /** Examples with a score; the metrics and their intervals cover these only. */
  readonly scored: number;
  /** Examples whose call failed after its retries (not scored). */
  readonly failed: number;
  /** Why examples failed, in example order. */
  readonly failures: readonly { readonly exampleId: string; readonly reason: string }[];
  readonly metrics: readonly MetricValue[];
  readonly usage: ModelUsage;
  readonly wallMs: number;
  readonly store: string;
}

const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;
const withInterval = (metric: MetricValue): string =>
  `${percent(metric.value)}  (95% CI ${percent(metric.low)} – ${percent(metric.high)})`;

/** The summary table of `dlmpo eval` for a terminal. */
export function renderEvalSummary(summary: EvalSummary): string {
  const { usage } = summary;
  return renderTable({
    title: `dlmpo eval · ${summary.task}/${summary.split} · ${summary.target}`,
    rows: [
      [
        "examples",
        summary.failed === 0
          ? String(summary.examples)
          : `${summary.scored} scored / ${summary.failed} failed (metrics over the scored ones)`,
      ],
      ...summary.metrics.map((metric): readonly [string, string] => [metric.name, withInterval(metric)]),
      ["tokens", `${usage.inputTokens} in · ${usage.outputTokens} out`],
      ["cost", usage.isPriced ? `$${usage.costUsd.toFixed(4)}` : `$${usage.costUsd.toFixed(4)} (some tokens unpriced)`],
      ["calls", `${usage.calls} made · ${usage.cachedCalls} cached · ${usage.retries} retries`],
      ["wall time", `${(summary.wallMs / 1000).toFixed(1)} s`],
      ["prompt", summary.promptHash.slice(0, 12)],
      ["run", `${summary.runId} (${summary.store})`],
      ...summary.failures
        .slice(0, 3)
        .map((failure): readonly [string, string] => [`failed ${failure.exampleId}`, failure.reason]),
    ],
  });
}
