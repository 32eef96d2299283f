import { formatDifference, formatPValue } from "./format-score.js";
import type { AcceptedChange } from "./summarize-run.js";

/**
 * One line on why a change was accepted: proposer, mean gain on the acceptance examples, p-value, and (for runs with
 * the acceptance split) the Holm-adjusted p-value against the round's level and the test used.
 */
export function acceptanceNote(change: AcceptedChange): string {
  const parts = [
    `proposer ${change.proposerId}`,
    `mean difference ${formatDifference(change.meanDifference)}${change.exampleCount === undefined ? "" : ` on ${change.exampleCount} acceptance examples`}`,
    formatPValue(change.pValue),
  ];
  if (change.adjustedPValue !== undefined && change.alpha !== undefined)
    parts.push(`Holm-adjusted ${formatPValue(change.adjustedPValue)} ≤ α ${change.alpha.toPrecision(3)}`);
  if (change.test !== undefined) parts.push(change.test === "mcnemar" ? "exact McNemar" : "paired bootstrap");
  return parts.join(" · ");
}
