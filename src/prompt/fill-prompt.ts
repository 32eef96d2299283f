import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { MaskedSpan } from "../spec/proposer.js";

const opensTight = new Set(["(", "[", "{", '"', "'", "/", "`"]);
const closesTight = new Set([".", ",", ";", ":", "!", "?", ")", "]", "}", "'", '"', "/", "`"]);

/**
 * Puts `fills[i]` in place of `maskedSpans[i]` and returns the new prompt. Fills are trimmed; a non-empty fill that
 * lands against a word gets one space on that side (not before closing punctuation or after an opening bracket); an
 * empty fill removes its span and merges the whitespace around it (a line break wins over spaces), so deleting a
 * sentence leaves no double spaces or blank holes.
 *
 * @throws InvalidInputError when the counts differ or spans overlap or leave the prompt.
 */
export function fillPrompt(options: {
  readonly prompt: string;
  readonly maskedSpans: readonly MaskedSpan[];
  readonly fills: readonly string[];
}): string {
  const { prompt, maskedSpans, fills } = options;
  if (fills.length !== maskedSpans.length) {
    throw new InvalidInputError({
      message: `Got ${fills.length} fills for ${maskedSpans.length} spans.`,
      location: { field: "fills" },
    });
  }
  const order = maskedSpans.map((span, index) => ({ span, fill: (fills[index] ?? "").trim() }));
  order.sort((a, b) => b.span.start - a.span.start);
  let text = prompt;
  let limit = prompt.length;
  for (const { span, fill } of order) {
    if (span.start < 0 || span.end > limit || span.start > span.end) {
      throw new InvalidInputError({
        message: `Span ${span.start}-${span.end} overlaps another span or leaves the prompt.`,
        location: { field: "maskedSpans" },
      });
    }
    text = fill === "" ? removeSpan(text, span) : replaceSpan(text, span, fill);
    limit = span.start;
  }
  return text;
}

function replaceSpan(text: string, span: MaskedSpan, fill: string): string {
  const before = text[span.start - 1];
  const after = text[span.end];
  const first = fill[0] ?? "";
  const last = fill.at(-1) ?? "";
  const spaceBefore =
    before !== undefined && !/\s/.test(before) && !opensTight.has(before) && !closesTight.has(first) ? " " : "";
  const spaceAfter =
    after !== undefined && !/\s/.test(after) && !closesTight.has(after) && !opensTight.has(last) ? " " : "";
  return `${text.slice(0, span.start)}${spaceBefore}${fill}${spaceAfter}${text.slice(span.end)}`;
}

function removeSpan(text: string, span: MaskedSpan): string {
  let from = span.start;
  let to = span.end;
  while (from > 0 && /[ \t]/.test(text[from - 1] ?? "")) from -= 1;
  while (to < text.length && /[ \t]/.test(text[to] ?? "")) to += 1;
  const left = text.slice(0, from);
  const right = text.slice(to);
  const lineStart = left.lastIndexOf("\n") + 1;
  const isLineEnd = right === "" || right.startsWith("\n");
  if (isLineEnd && /^[ \t]*(?:[-*+•]|\d+[.)])?$/.test(left.slice(lineStart))) {
    // Nothing else was on the line (a list marker at most): the line goes, and the blank lines around it merge.
    const kept = left.slice(0, lineStart).replace(/\n+$/, "");
    const breaksBefore = left.slice(0, lineStart).length - kept.length;
    const rest = right.replace(/^\n+/, "");
    const breaksAfter = right.length - rest.length;
    if (kept === "") return rest;
    if (rest === "") return kept;
    return `${kept}${"\n".repeat(Math.max(breaksBefore, breaksAfter))}${rest}`;
  }
  if (isLineEnd || left === "" || left.endsWith("\n")) return `${left}${right}`;
  return `${left} ${right}`;
}
