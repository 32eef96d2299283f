import type { MaskedSpan } from "../spec/proposer.js";

/** A character range `[start, end)` of a text. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** How far (characters) a fill may sit from its computed place: `fillPrompt` trims fills and adds or merges spaces. */
const slack = 8;

/**
 * Where the proposer's fills sit in the child prompt. Spans (offsets into the parent) are visited in order of `start`;
 * each trimmed fill is looked up near its expected place, and later offsets shift by what was found. A fill not found
 * there is skipped rather than mislabelled; empty fills (deletions) give no range.
 */
export function fillRanges(options: {
  readonly after: string;
  readonly fills: readonly string[];
  readonly maskedSpans: readonly MaskedSpan[];
}): TextRange[] {
  const { after, fills, maskedSpans } = options;
  const pairs = maskedSpans
    .map((span, index) => ({ span, fill: (fills[index] ?? "").trim() }))
    .sort((a, b) => a.span.start - b.span.start);
  const ranges: TextRange[] = [];
  let shift = 0;
  for (const { span, fill } of pairs) {
    const expected = span.start + shift;
    if (fill === "") {
      shift -= span.end - span.start;
      continue;
    }
    const found = after.indexOf(fill, Math.max(0, expected - slack));
    if (found === -1 || found > expected + slack) {
      shift += fill.length - (span.end - span.start);
      continue;
    }
    ranges.push({ start: found, end: found + fill.length });
    shift = found + fill.length - span.end;
  }
  return ranges;
}
