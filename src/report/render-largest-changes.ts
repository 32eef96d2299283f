import type { FlippedExample } from "./compare-seed-best.js";
import { escapeHtml } from "./escape-html.js";
import { formatScore } from "./format-score.js";

function cell(text: string | undefined): string {
  return text === undefined || text === "" ? `<td class="empty">–</td>` : `<td><pre>${escapeHtml(text)}</pre></td>`;
}

/**
 * The replies that changed most, seed and best side by side with their scores and feedback (for judged replay: the
 * judge's reasons). Every trace text is escaped.
 */
export function renderLargestChanges(
  changes: { readonly split: string; readonly examples: readonly FlippedExample[] } | undefined,
): string {
  if (changes === undefined)
    return `<p class="empty">No held-out example scored differently under the best prompt.</p>`;
  const rows = changes.examples.map(
    (change) =>
      `<tr><td>${escapeHtml(change.exampleId)}</td>${cell(change.bestTrace.input || change.seedTrace.input)}` +
      `<td class="number">${formatScore(change.seedScore)}</td>${cell(change.seedTrace.output)}` +
      `<td class="number">${formatScore(change.bestScore)}</td>${cell(change.bestTrace.output)}${cell(change.bestTrace.feedback)}</tr>`,
  );
  return (
    `<p class="note">${escapeHtml(changes.split)} split, largest score change first.</p>` +
    `<table><thead><tr><th>example</th><th>last user turn</th><th>seed score</th><th>seed reply</th>` +
    `<th>best score</th><th>best reply</th><th>feedback on the best reply</th></tr></thead><tbody>${rows.join("")}</tbody></table>`
  );
}
