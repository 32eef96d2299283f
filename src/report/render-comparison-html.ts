import type { ComparisonReport } from "./comparison-report.js";
import { methodTableCells, pairTableCells, type TableCells } from "./comparison-table-cells.js";
import { escapeHtml } from "./escape-html.js";
import { formatScore } from "./format-score.js";
import { reportContentSecurityPolicy } from "./render-html-report.js";
import { renderIntervalChart } from "./render-interval-chart.js";
import { renderScatterChart } from "./render-scatter-chart.js";
import { reportStyles } from "./report-styles.js";

function htmlTable(cells: TableCells): string {
  const head = cells.header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join("");
  const body = cells.rows
    .map(
      (row) =>
        `<tr>${row.map((cell, index) => `<td${index > 0 ? ' class="number"' : ""}>${escapeHtml(cell)}</td>`).join("")}</tr>`,
    )
    .join("");
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const meanScore = (scores: Readonly<Record<string, number>>): number => {
  const values = Object.values(scores);
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
};

function taskSection(report: ComparisonReport, task: string): string {
  const rows = report.summary.rows.filter((row) => row.task === task);
  const scoreChart = renderIntervalChart({
    title: `${task}: test score by method (mean and 95% interval over seeds)`,
    xLabel: "method",
    yLabel: "test score",
    yDomain: [0, 1],
    bars: rows.map((row) => ({
      name: row.method,
      value: row.testScore?.value,
      low: row.testScore?.low,
      high: row.testScore?.high,
      label: `${row.method}: ${formatScore(row.testScore?.value)} [${formatScore(row.testScore?.low)}, ${formatScore(row.testScore?.high)}] over ${row.runs} runs`,
    })),
  });
  const runs = report.members.filter((member) => member.task === task);
  const isPaid = runs.some((member) => member.spend.costUsd > 0);
  const costOf = (member: (typeof runs)[number]): number =>
    isPaid ? member.spend.costUsd : member.spend.inputTokens + member.spend.outputTokens;
  const costChart = renderScatterChart({
    title: `${task}: test score against cost, one point per run`,
    xLabel: isPaid ? "cost of the run (USD)" : "tokens of the run (input + output; no price known)",
    yLabel: "test score",
    yDomain: [0, 1],
    groups: report.methods.map((method) => ({
      name: method,
      points: runs
        .filter((member) => member.method === method)
        .map((member) => ({
          x: costOf(member),
          y: meanScore(member.bestTest),
          label: `${method} seed ${member.seed} (${member.runId}): ${formatScore(meanScore(member.bestTest))}, ${isPaid ? `$${member.spend.costUsd.toFixed(4)}` : `${costOf(member)} tokens`}`,
        })),
    })),
  });
  const pairs = pairTableCells({ summary: report.summary, task });
  return [
    `<h2>${escapeHtml(task)}</h2>`,
    htmlTable(methodTableCells({ summary: report.summary, task })),
    rows.some((row) => row.gain !== undefined)
      ? `<p class="note">Gain: the final prompt's mean test score minus the seed prompt's on the same examples, averaged over seeds.</p>`
      : `<p class="empty">No gain over the seed prompt could be measured (the seed was not scored on test).</p>`,
    `<div class="charts">${scoreChart}${costChart}</div>`,
    pairs.rows.length === 0 ? "" : `<h3>Pairwise wins over test examples of the same seeds</h3>${htmlTable(pairs)}`,
  ].join("\n");
}

/**
 * The comparison as one self-contained HTML page (no script, no external resource, strict CSP): the command and
 * settings, and per task the method table, a chart of test score by method with 95% intervals, a chart of score against
 * cost (USD, or tokens when no price is known) with one point per run, and the pairwise wins.
 */
export function renderComparisonHtml(report: ComparisonReport): string {
  const body = [
    `<h1>dlmpo bench compare ${escapeHtml(report.id)}</h1>`,
    report.command === undefined ? "" : `<pre>${escapeHtml(report.command)}</pre>`,
    `<ul class="note">${report.settings.map((setting) => `<li>${escapeHtml(setting)}</li>`).join("")}</ul>`,
    ...report.tasks.map((task) => taskSection(report, task)),
    report.notes.length === 0
      ? ""
      : `<h2>Notes</h2><ul class="note">${report.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join("")}</ul>`,
  ];
  return [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${reportContentSecurityPolicy}">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>dlmpo bench compare — ${escapeHtml(report.id)}</title><style>${reportStyles}</style></head>`,
    `<body>${body.join("\n")}</body></html>`,
  ].join("\n");
}
