import type { FlippedExample, FlipSet } from "./compare-seed-best.js";
import { escapeHtml } from "./escape-html.js";
import { formatScore } from "./format-score.js";

function cell(text: string | undefined): string {
  return text === undefined || text === "" ? `<td class="empty">–</td>` : `<td><pre>${escapeHtml(text)}</pre></td>`;
}

function flipTable(flips: readonly FlippedExample[], limit: number): string {
  if (flips.length === 0) return `<p class="empty">None.</p>`;
  const rows = flips
    .slice(0, limit)
    .map(
      (flip) =>
        `<tr class="flip"><td>${escapeHtml(flip.exampleId)}</td>${cell(flip.bestTrace.input || flip.seedTrace.input)}` +
        `${cell(flip.bestTrace.expected ?? flip.seedTrace.expected)}` +
        `<td class="number">${formatScore(flip.seedScore)}</td>${cell(flip.seedTrace.output)}` +
        `<td class="number">${formatScore(flip.bestScore)}</td>${cell(flip.bestTrace.output)}</tr>`,
    );
  const more = flips.length > limit ? `<p class="note">… and ${flips.length - limit} more.</p>` : "";
  return (
    `<table><thead><tr><th>example</th><th>input</th><th>expected</th><th>seed score</th><th>seed response</th>` +
    `<th>best score</th><th>best response</th></tr></thead><tbody>${rows.join("")}</tbody></table>${more}`
  );
}

/**
 * The examples that flipped between the seed and the best prompt, per split: wrong → right, then right → wrong,
 * at most `limit` rows each (default 25). Every trace text is escaped.
 */
export function renderFlipsSection(options: { readonly flips: readonly FlipSet[]; readonly limit?: number }): string {
  if (options.flips.length === 0)
    return `<p class="empty">No example was scored with both the seed and the best prompt.</p>`;
  const limit = options.limit ?? 25;
  return options.flips
    .map(
      (set) =>
        `<h3>${escapeHtml(set.split)}: ${set.wrongToRight.length} wrong → right, ${set.rightToWrong.length} right → wrong</h3>` +
        `<h4>Wrong → right</h4>${flipTable(set.wrongToRight, limit)}<h4>Right → wrong</h4>${flipTable(set.rightToWrong, limit)}`,
    )
    .join("");
}
