import { findProtectedRegions, type ProtectedRegion, touchesRegion } from "./find-protected-regions.js";

/** A sentence or line of a prompt, by character offsets `[start, end)` into the prompt text. */
export interface PromptSegment {
  /** 0-based position among the segments of its kind. */
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** True when the segment touches a protected region (a `{{placeholder}}`), so it may not be masked whole. */
  readonly isProtected: boolean;
}

/** The structure of a prompt: its prose sentences, its lines and its protected regions. */
export interface PromptStructure {
  readonly prompt: string;
  /** Prose sentences outside code blocks and `<keep>` spans, without list markers or surrounding whitespace. */
  readonly sentences: readonly PromptSegment[];
  /** Non-blank lines, without surrounding whitespace. */
  readonly lines: readonly PromptSegment[];
  readonly protectedRegions: readonly ProtectedRegion[];
}

const listMarkerPattern = /^(?:[-*+•]|\d+[.)]|#{1,6})[ \t]+/;
const sentenceEndPattern = /[.!?]+["')\]]*(?=\s)/g;
const abbreviations = new Set(["e.g.", "i.e.", "etc.", "vs.", "mr.", "mrs.", "ms.", "dr.", "no.", "approx."]);

/**
 * Splits a prompt into sentences and lines. Sentences never cross a line break, a code block or a `<keep>` span;
 * a leading list marker (`-`, `*`, `1.`, `#`) is not part of its sentence, so masking a sentence keeps the list shape.
 *
 * @throws InvalidInputError when the prompt has an unclosed `<keep>` tag.
 */
export function splitPrompt(options: { readonly prompt: string }): PromptStructure {
  const { prompt } = options;
  const protectedRegions = findProtectedRegions(prompt);
  const opaque = protectedRegions.filter((region) => region.kind !== "placeholder");
  const sentences: PromptSegment[] = [];
  const lines: PromptSegment[] = [];
  const isProtected = (start: number, end: number): boolean =>
    protectedRegions.some((region) => touchesRegion({ start, end }, region));
  let offset = 0;
  for (const line of prompt.split("\n")) {
    const trimmed = trimRange(prompt, offset, offset + line.length);
    if (trimmed.start < trimmed.end) {
      lines.push({
        index: lines.length,
        ...trimmed,
        text: prompt.slice(trimmed.start, trimmed.end),
        isProtected: isProtected(trimmed.start, trimmed.end),
      });
    }
    for (const chunk of subtractRegions({ start: offset, end: offset + line.length }, opaque)) {
      for (const range of splitSentences(prompt, chunk)) {
        sentences.push({
          index: sentences.length,
          ...range,
          text: prompt.slice(range.start, range.end),
          isProtected: isProtected(range.start, range.end),
        });
      }
    }
    offset += line.length + 1;
  }
  return { prompt, sentences, lines, protectedRegions };
}

interface Range {
  readonly start: number;
  readonly end: number;
}

function trimRange(text: string, start: number, end: number): Range {
  let from = start;
  let to = end;
  while (from < to && /\s/.test(text[from] ?? "")) from += 1;
  while (to > from && /\s/.test(text[to - 1] ?? "")) to -= 1;
  return { start: from, end: to };
}

function subtractRegions(range: Range, regions: readonly ProtectedRegion[]): Range[] {
  let pieces: Range[] = [range];
  for (const region of regions) {
    pieces = pieces.flatMap((piece) => {
      if (region.end <= piece.start || region.start >= piece.end) return [piece];
      return [
        { start: piece.start, end: Math.max(piece.start, region.start) },
        { start: Math.min(piece.end, region.end), end: piece.end },
      ].filter((part) => part.start < part.end);
    });
  }
  return pieces;
}

function splitSentences(text: string, chunk: Range): Range[] {
  const trimmed = trimRange(text, chunk.start, chunk.end);
  const content = text.slice(trimmed.start, trimmed.end);
  const marker = listMarkerPattern.exec(content)?.[0].length ?? 0;
  const body = content.slice(marker);
  const base = trimmed.start + marker;
  const ranges: Range[] = [];
  let sentenceStart = 0;
  for (const match of body.matchAll(sentenceEndPattern)) {
    const end = match.index + match[0].length;
    const lastWord = body.slice(sentenceStart, end).split(/\s+/).at(-1)?.toLowerCase() ?? "";
    if (abbreviations.has(lastWord)) continue;
    ranges.push(trimRange(text, base + sentenceStart, base + end));
    sentenceStart = end;
  }
  ranges.push(trimRange(text, base + sentenceStart, base + body.length));
  return ranges.filter((range) => range.start < range.end);
}
