import { escapeHtml } from "./escape-html.js";
import { reportContentSecurityPolicy } from "./render-html-report.js";
import { renderStepsChart } from "./render-steps-chart.js";
import { reportStyles } from "./report-styles.js";
import { stepSweepTableCells } from "./step-sweep-table-cells.js";
import type { StepSweepSummary } from "./summarize-step-sweep.js";

/**
 * The step sweep as one self-contained HTML page (no script, strict CSP): a heading, the command and settings, the
 * table of score and cost per step count with 95% intervals over seeds, the score and cost charts, and the warnings
 * (step counts capped by slots, step counts left out as repeats).
 */
export function renderStepSweepPage(options: {
  readonly summary: StepSweepSummary;
  readonly command?: string | undefined;
  readonly settings?: readonly string[] | undefined;
}): string {
  const { summary } = options;
  const cells = stepSweepTableCells(summary);
  const table =
    `<table><thead><tr>${cells.header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join("")}</tr></thead><tbody>` +
    cells.rows
      .map((row) => `<tr>${row.map((cell) => `<td class="number">${escapeHtml(cell)}</td>`).join("")}</tr>`)
      .join("") +
    "</tbody></table>";
  const points = summary.rows.map((row) => ({
    steps: row.steps,
    devScore: row.devScore,
    testScore: row.testScore,
    costUsd: row.costUsd,
    forwardPasses: row.forwardPasses,
    tokens: row.tokens,
    wallSeconds: row.wallSeconds,
  }));
  const body = [
    "<h1>dlmpo bench steps: diffusion-step ablation</h1>",
    options.command === undefined ? "" : `<pre>${escapeHtml(options.command)}</pre>`,
    options.settings === undefined
      ? ""
      : `<ul class="note">${options.settings.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>`,
    "<h2>Score and cost per step count</h2>",
    `<p class="note">Means over seeds with 95% Student-t intervals; "steps run" is the most reverse steps any candidate actually took.</p>`,
    table,
    `<div class="charts">${renderStepsChart({ points })}</div>`,
    summary.warnings.length === 0
      ? ""
      : `<h2>Warnings</h2><ul class="note">${summary.warnings.map((warning) => `<li>${escapeHtml(warning)}</li>`).join("")}</ul>`,
  ];
  return [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${reportContentSecurityPolicy}">`,
    `<title>dlmpo bench steps</title><style>${reportStyles}</style></head>`,
    `<body>${body.join("\n")}</body></html>`,
  ].join("\n");
}
