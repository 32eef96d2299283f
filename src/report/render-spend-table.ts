import type { Spend } from "../spec/events.js";
import { escapeHtml } from "./escape-html.js";
import { formatUsd } from "./format-score.js";
import type { SpendRow } from "./spend-rows.js";

const count = (value: number | undefined): string => (value === undefined ? "–" : value.toLocaleString("en-US"));

/** The spend-per-model table with a totals row (calls, tokens, USD, wall time) as HTML. */
export function renderSpendTable(options: {
  readonly rows: readonly SpendRow[];
  readonly spend: Spend | undefined;
}): string {
  const { rows, spend } = options;
  if (spend === undefined) return `<p class="empty">No spend recorded yet.</p>`;
  const body = rows.map(
    (row) =>
      `<tr><td>${escapeHtml(row.modelId)}</td><td>${escapeHtml(row.role)}</td><td class="number">${count(row.calls)}</td>` +
      `<td class="number">${count(row.inputTokens)}</td><td class="number">${count(row.outputTokens)}</td>` +
      `<td class="number">${formatUsd(row.costUsd)}</td></tr>`,
  );
  const total =
    `<tr><th>total</th><th></th><th class="number">${count(spend.targetCalls + spend.dlmCalls)}</th>` +
    `<th class="number">${count(spend.inputTokens)}</th><th class="number">${count(spend.outputTokens)}</th>` +
    `<th class="number">${formatUsd(spend.costUsd)}</th></tr>`;
  return (
    `<table><thead><tr><th>model</th><th>role</th><th>calls</th><th>input tokens</th><th>output tokens</th><th>cost</th></tr></thead>` +
    `<tbody>${body.join("")}${total}</tbody></table><p class="note">Wall time ${(spend.wallMs / 1000).toFixed(1)} s.</p>`
  );
}
