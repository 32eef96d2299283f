import { validateCandidate } from "../prompt/validate-candidate.js";
import type { ProposeOutcome } from "../proposers/to-propose-result.js";
import type { MaskedSpan } from "../spec/proposer.js";
import { outermostProtectedRegions } from "./outermost-protected-regions.js";

/** A whole-prompt rewrite as a candidate, or why it was dropped (an expected outcome, reported as a warning). */
export type RewriteOutcome = ProposeOutcome;

/**
 * Turns a rewritten prompt into a candidate of `original`: it must keep every protected region (placeholders, fenced
 * code, `<keep>` spans) verbatim and in the original order. The candidate's spans are then the gaps between protected
 * regions of the original (strategy `rewrite`) and its fills the matching gaps of the rewrite, so the DLM-style
 * report and validation apply unchanged. A rewrite that loses, adds or reorders protected parts is dropped.
 */
export function toRewriteCandidate(options: {
  readonly original: string;
  readonly rewrite: string;
  /** Calls spent on this candidate. */
  readonly calls: number;
}): RewriteOutcome {
  const { original } = options;
  const rewrite = options.rewrite.trim();
  const validation = validateCandidate({ original, candidate: rewrite });
  const { calls } = options;
  if (!validation.isValid) return { warning: `Rewrite dropped: ${validation.problems.join(" ")}`, calls };
  const regions = outermostProtectedRegions(original);
  const maskedSpans: MaskedSpan[] = [];
  const fills: string[] = [];
  let originalCursor = 0;
  let rewriteCursor = 0;
  for (const region of [...regions, undefined]) {
    const originalEnd = region?.start ?? original.length;
    const found = region === undefined ? rewrite.length : rewrite.indexOf(region.text, rewriteCursor);
    if (found === -1) return { warning: "Rewrite dropped: its protected parts are not in the original order.", calls };
    const fill = rewrite.slice(rewriteCursor, found);
    if (originalEnd > originalCursor || fill !== "") {
      const words = fill.split(/\s+/).filter((word) => word !== "").length;
      maskedSpans.push({
        start: originalCursor,
        end: originalEnd,
        slots: Math.ceil(words / 0.75),
        strategy: "rewrite",
      });
      fills.push(fill);
    }
    originalCursor = region?.end ?? original.length;
    rewriteCursor = found + (region?.text.length ?? 0);
  }
  return { candidate: { prompt: rewrite, fills, maskedSpans, cost: { calls: options.calls } } };
}
