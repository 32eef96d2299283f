import type { ModelUsage } from "../../models/usage-meter.js";
import type { MetricValue } from "../../spec/task.js";
import { renderTable } from "../render/render-table.js";

/** What `dlmpo bench tau` prints (and stores as the run's summary). */
export interface TauBenchSummary {
  readonly runId: string;
  readonly domain: string;
  readonly split: string;
  readonly agent: string;
  readonly user: string;
  readonly trials: number;
  readonly promptHash: string;
  readonly metrics: readonly MetricValue[];
  readonly perTask: readonly {
    readonly taskIndex: number;
    readonly rewards: readonly number[];
    /** First reason of a zero, when there is one. */
    readonly note?: string | undefined;
  }[];
  /** Episodes lost to provider failures (counted as 0). */
  readonly failedEpisodes: number;
  readonly usage: ModelUsage;
  readonly wallMs: number;
  readonly store: string;
}

/** The terminal rendering: pass^k with 95% intervals, cost and tokens, then one row per task. */
export function renderTauBenchSummary(summary: TauBenchSummary): string {
  const rows: [string, string][] = [
    ["run", summary.runId],
    ["agent / user", `${summary.agent} / ${summary.user}`],
    ["tasks × trials", `${summary.perTask.length} × ${summary.trials}`],
  ];
  for (const metric of summary.metrics)
    rows.push([metric.name, `${metric.value.toFixed(3)}  [${metric.low.toFixed(3)}, ${metric.high.toFixed(3)}]`]);
  const usage = summary.usage;
  rows.push(
    ["cost", `$${usage.costUsd.toFixed(4)}${usage.isPriced ? "" : " (some models unpriced)"}`],
    ["tokens in / out", `${usage.inputTokens} / ${usage.outputTokens}`],
    ["calls (cached)", `${usage.calls} (${usage.cachedCalls})`],
    ["failed episodes", String(summary.failedEpisodes)],
    ["wall time", `${(summary.wallMs / 1000).toFixed(1)} s`],
    ["store", summary.store],
  );
  const header = renderTable({ rows, title: `tau-bench ${summary.domain}/${summary.split}` });
  const taskLines = summary.perTask.map((task) => {
    const mean = task.rewards.reduce((sum, reward) => sum + reward, 0) / Math.max(1, task.rewards.length);
    const note = task.note === undefined ? "" : `  ${task.note.replace(/^What went wrong: /, "").slice(0, 100)}`;
    return `${String(task.taskIndex).padStart(5)}  ${task.rewards.join(" ").padEnd(summary.trials * 2)}  ${mean.toFixed(2)}${note}`;
  });
  return `${header}\n task  rewards${" ".repeat(Math.max(0, summary.trials * 2 - 7))}  mean  first failure\n${taskLines.join("\n")}\n`;
}
