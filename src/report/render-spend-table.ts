import type { Spend } from "../spec/events.js";
import { describeDlmWork } from "./describe-dlm-work.js";
import { escapeHtml } from "./escape-html.js";
import { formatUsd } from "./format-score.js";
import type { SpendRow } from "./spend-rows.js";

const count = (value: number | undefined): string => (value === undefined ? "–" : value.toLocaleString("en-US"));

const sumOf = (rows: readonly SpendRow[], pick: (row: SpendRow) => number | undefined): number | undefined =>
  rows.every((row) => pick(row) !== undefined) ? rows.reduce((sum, row) => sum + (pick(row) ?? 0), 0) : undefined;

/**
 * The spend-per-model table as HTML: its totals row is the sum of the rows above it (requests sent to each model),
 * and a note gives the run's own counters (rollouts and proposer calls, answers served from the cache included) when
 * they differ, and the wall time.
 */
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
  const calls = sumOf(rows, (row) => row.calls) ?? 0;
  const total =
    `<tr><th>total</th><th></th><th class="number">${count(calls)}</th>` +
    `<th class="number">${count(sumOf(rows, (row) => row.inputTokens))}</th>` +
    `<th class="number">${count(sumOf(rows, (row) => row.outputTokens))}</th>` +
    `<th class="number">${formatUsd(sumOf(rows, (row) => row.costUsd))}</th></tr>`;
  const counters =
    calls === spend.targetCalls + spend.dlmCalls
      ? ""
      : ` The run counted ${count(spend.targetCalls)} target rollouts and ${count(spend.dlmCalls)} DLM calls, answers served from the cache or the store included.`;
  const dlmWork = describeDlmWork(spend);
  const work = dlmWork === "" ? "" : ` ${dlmWork.charAt(0).toUpperCase()}${dlmWork.slice(1)}.`;
  return (
    `<table><thead><tr><th>model</th><th>role</th><th>calls</th><th>input tokens</th><th>output tokens</th><th>cost</th></tr></thead>` +
    `<tbody>${body.join("")}${total}</tbody></table><p class="note">Wall time ${(spend.wallMs / 1000).toFixed(1)} s.${escapeHtml(counters + work)}</p>`
  );
}
