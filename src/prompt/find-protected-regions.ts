import { InvalidInputError } from "../errors/invalid-input-error.js";

/** Why a region of a prompt may never be masked. */
export type ProtectedRegionKind = "placeholder" | "code" | "keep";

/** A character range `[start, end)` of a prompt that masks must not touch. */
export interface ProtectedRegion {
  readonly kind: ProtectedRegionKind;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const placeholderPattern = /\{\{[^{}\n]*\}\}/g;
const keepPattern = /<keep>[\s\S]*?<\/keep>/gi;
const fenceOpenPattern = /^[ \t]*(`{3,}|~{3,})/;

/**
 * Finds the protected regions of a prompt: `{{placeholders}}`, fenced code blocks (``` or ~~~, an unclosed fence runs
 * to the end of the text) and `<keep>…</keep>` spans (tags included). Regions are sorted by start and may nest.
 *
 * @throws InvalidInputError when a `<keep>` tag is never closed (field `prompt`, with its 1-based line).
 */
export function findProtectedRegions(prompt: string): ProtectedRegion[] {
  const regions: ProtectedRegion[] = [];
  const add = (kind: ProtectedRegionKind, start: number, end: number): void => {
    regions.push({ kind, start, end, text: prompt.slice(start, end) });
  };
  for (const match of prompt.matchAll(placeholderPattern))
    add("placeholder", match.index, match.index + match[0].length);
  for (const match of prompt.matchAll(keepPattern)) add("keep", match.index, match.index + match[0].length);
  const closedKeeps = regions.filter((region) => region.kind === "keep");
  for (const match of prompt.matchAll(/<keep>/gi)) {
    if (!closedKeeps.some((region) => region.start === match.index)) {
      throw new InvalidInputError({
        message: "A <keep> tag is never closed. Close it with </keep>.",
        location: { line: lineOf(prompt, match.index), field: "prompt" },
      });
    }
  }
  for (const block of findCodeBlocks(prompt)) add("code", block.start, block.end);
  return regions.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** True when the character range `[start, end)` (or the insertion point, when empty) touches a region. */
export function touchesRegion(
  range: { readonly start: number; readonly end: number },
  region: { readonly start: number; readonly end: number },
): boolean {
  if (range.start === range.end) return range.start > region.start && range.start < region.end;
  return range.start < region.end && range.end > region.start;
}

/** 1-based line number of a character offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < text.length; index += 1) if (text[index] === "\n") line += 1;
  return line;
}

function isClosingFence(line: string, openFence: string): boolean {
  const trimmed = line.trim();
  return /^(`{3,}|~{3,})$/.test(trimmed) && trimmed[0] === openFence[0] && trimmed.length >= openFence.length;
}

function findCodeBlocks(prompt: string): { start: number; end: number }[] {
  const blocks: { start: number; end: number }[] = [];
  let offset = 0;
  let open: { start: number; fence: string } | undefined;
  for (const line of prompt.split("\n")) {
    const lineEnd = offset + line.length;
    const fence = fenceOpenPattern.exec(line)?.[1];
    if (open === undefined && fence !== undefined) open = { start: offset, fence };
    else if (open !== undefined && isClosingFence(line, open.fence)) {
      blocks.push({ start: open.start, end: lineEnd });
      open = undefined;
    }
    offset = lineEnd + 1;
  }
  if (open !== undefined) blocks.push({ start: open.start, end: prompt.length });
  return blocks;
}
