import { DlmpoError } from "../errors/dlmpo-error.js";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { MaskedSpan } from "../spec/proposer.js";
import { findProtectedRegions, lineOf, touchesRegion } from "./find-protected-regions.js";

/** A piece of a masked prompt: kept text, or a span to fill with `slots` mask slots. */
export type MaskedPromptPart =
  | { readonly kind: "text"; readonly text: string }
  | {
      readonly kind: "span";
      /** Index of the span in the `maskedSpans` given to `maskPrompt`. */
      readonly spanIndex: number;
      readonly slots: number;
      /** The text the span replaces (empty for an insertion). */
      readonly original: string;
    };

/** A prompt with its masked spans cut out, in text order. */
export interface MaskedPrompt {
  readonly prompt: string;
  readonly maskedSpans: readonly MaskedSpan[];
  readonly parts: readonly MaskedPromptPart[];
}

/**
 * Cuts `maskedSpans` out of `prompt`, giving the template a proposer fills. Spans may come in any order; each part
 * keeps the index of its span so fills can be given in the caller's order.
 *
 * @throws InvalidInputError when a span is out of range, has `start > end`, has fewer than 1 or a fractional number of
 *   slots, overlaps another span, or touches a protected region (`{{placeholder}}`, fenced code, `<keep>`).
 * @throws DlmpoError (`invalid-input`) when no span is given.
 */
export function maskPrompt(options: {
  readonly prompt: string;
  readonly maskedSpans: readonly MaskedSpan[];
}): MaskedPrompt {
  const { prompt, maskedSpans } = options;
  if (maskedSpans.length === 0) {
    throw new DlmpoError({ code: "invalid-input", message: "No span to mask. Give at least one mask." });
  }
  const regions = findProtectedRegions(prompt);
  const order = maskedSpans.map((span, spanIndex) => ({ span, spanIndex })).sort((a, b) => a.span.start - b.span.start);
  const parts: MaskedPromptPart[] = [];
  let cursor = 0;
  for (const { span, spanIndex } of order) {
    const field = `maskedSpans[${spanIndex}]`;
    if (!Number.isInteger(span.start) || !Number.isInteger(span.end) || span.start < 0 || span.end > prompt.length) {
      throw new InvalidInputError({
        message: `Span ${span.start}-${span.end} is outside the prompt (0-${prompt.length} characters).`,
        location: { field },
      });
    }
    if (span.start > span.end) {
      throw new InvalidInputError({
        message: `Span start ${span.start} is after its end ${span.end}.`,
        location: { field },
      });
    }
    if (!Number.isInteger(span.slots) || span.slots < 1) {
      throw new InvalidInputError({
        message: `Slots must be a whole number ≥ 1, got ${span.slots}.`,
        location: { field },
      });
    }
    if (span.start < cursor) {
      throw new InvalidInputError({ message: "Masked spans overlap. Give disjoint spans.", location: { field } });
    }
    const touched = regions.find((region) => touchesRegion(span, region));
    if (touched !== undefined) {
      throw new InvalidInputError({
        message: `Mask "${span.strategy}" (characters ${span.start}-${span.end}) touches a protected ${touched.kind} ${JSON.stringify(abbreviate(touched.text))} on line ${lineOf(prompt, touched.start)}. Choose a span outside it.`,
        location: { field },
      });
    }
    if (span.start > cursor) parts.push({ kind: "text", text: prompt.slice(cursor, span.start) });
    parts.push({ kind: "span", spanIndex, slots: span.slots, original: prompt.slice(span.start, span.end) });
    cursor = span.end;
  }
  if (cursor < prompt.length) parts.push({ kind: "text", text: prompt.slice(cursor) });
  return { prompt, maskedSpans, parts };
}

/** Renders a masked prompt as text, each span replaced by `renderSpan(part)` (e.g. `[[1]]` markers or mask strings). */
export function renderMaskedPrompt(options: {
  readonly maskedPrompt: MaskedPrompt;
  readonly renderSpan: (part: Extract<MaskedPromptPart, { kind: "span" }>) => string;
}): string {
  return options.maskedPrompt.parts
    .map((part) => (part.kind === "text" ? part.text : options.renderSpan(part)))
    .join("");
}

function abbreviate(text: string): string {
  return text.length <= 40 ? text : `${text.slice(0, 37)}…`;
}
