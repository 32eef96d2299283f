import { type DiffOperation, diffPrompts } from "../prompt/diff-prompts.js";
import type { MaskedSpan } from "../spec/proposer.js";
import { escapeHtml } from "./escape-html.js";
import { fillRanges, type TextRange } from "./fill-ranges.js";

/** A parent → child prompt change: the texts and, when known, what the proposer wrote into which spans. */
export interface PromptChange {
  readonly before: string;
  readonly after: string;
  readonly fills?: readonly string[] | undefined;
  readonly maskedSpans?: readonly MaskedSpan[] | undefined;
}

/** A diff operation with its character offset: into the new text for `equal`/`insert`, into the old for `delete`. */
interface PlacedOperation extends DiffOperation {
  readonly start: number;
}

function placeOperations(change: PromptChange): PlacedOperation[] {
  let oldOffset = 0;
  let newOffset = 0;
  return diffPrompts({ before: change.before, after: change.after }).map((operation) => {
    const start = operation.kind === "delete" ? oldOffset : newOffset;
    if (operation.kind !== "insert") oldOffset += operation.text.length;
    if (operation.kind !== "delete") newOffset += operation.text.length;
    return { ...operation, start };
  });
}

/** Cuts a part of the new text at the edges of the fill ranges, flagging the pieces inside a fill. */
function splitByRanges(part: PlacedOperation, ranges: readonly TextRange[]): { text: string; isFill: boolean }[] {
  const end = part.start + part.text.length;
  const cuts = new Set([part.start, end]);
  for (const range of ranges) {
    if (range.start > part.start && range.start < end) cuts.add(range.start);
    if (range.end > part.start && range.end < end) cuts.add(range.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  return points.slice(0, -1).map((from, index) => {
    const to = points[index + 1] ?? end;
    return {
      text: part.text.slice(from - part.start, to - part.start),
      isFill: ranges.some((range) => range.start <= from && to <= range.end),
    };
  });
}

/**
 * The word diff of a prompt change as HTML: removed words in `<del>`, added words in `<ins>`, and text the proposer
 * (the DLM) wrote inside `<mark class="fill">` — an unchanged word the DLM rewrote identically is marked too.
 * All text is escaped; the result is meant for a `<pre class="diff">` block.
 */
export function renderPromptDiff(change: PromptChange): string {
  const ranges = fillRanges({ after: change.after, fills: change.fills ?? [], maskedSpans: change.maskedSpans ?? [] });
  const html: string[] = [];
  for (const part of placeOperations(change)) {
    if (part.kind === "delete") {
      html.push(`<del>${escapeHtml(part.text)}</del>`);
      continue;
    }
    const pieces = splitByRanges(part, ranges).map((piece) =>
      piece.isFill ? `<mark class="fill">${escapeHtml(piece.text)}</mark>` : escapeHtml(piece.text),
    );
    html.push(part.kind === "insert" ? `<ins>${pieces.join("")}</ins>` : pieces.join(""));
  }
  return html.join("");
}

/**
 * The word diff as plain text in `git diff --word-diff` notation: `[-removed-]` and `{+added+}`. For Markdown code
 * blocks, where no escaping applies.
 */
export function renderPlainWordDiff(change: PromptChange): string {
  return diffPrompts({ before: change.before, after: change.after })
    .map((part) =>
      part.kind === "delete" ? `[-${part.text}-]` : part.kind === "insert" ? `{+${part.text}+}` : part.text,
    )
    .join("");
}
