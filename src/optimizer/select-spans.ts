import { estimateSlots, type SlotRange } from "../prompt/estimate-slots.js";
import { touchesRegion } from "../prompt/find-protected-regions.js";
import { type PromptSegment, type PromptStructure, splitPrompt } from "../prompt/split-prompt.js";
import type { MaskedSpan } from "../spec/proposer.js";
import type { Random } from "../spec/runtime.js";

/** How spans to rewrite are chosen (DESIGN.md, "Span selection"). */
export type SpanStrategy = "random" | "sentence" | "insert" | "delete" | "attributed";

/** Every span strategy, in a fixed order. */
export const spanStrategies: readonly SpanStrategy[] = ["random", "sentence", "insert", "delete", "attributed"];

/** Effect of removing one sentence, from leave-one-out probes: mean score without it minus mean score with it. */
export interface SentenceAttribution {
  readonly start: number;
  readonly end: number;
  /** > 0: the prompt scored better without this sentence, so it is a good place to rewrite. */
  readonly effect: number;
}

/** Options of {@link selectSpans}. */
export interface SelectSpansOptions {
  readonly prompt: string;
  readonly strategy: SpanStrategy;
  readonly random: Random;
  /** Share of the prompt's maskable words the `random` strategy masks, in (0, 1]. Default 0.15. */
  readonly maskRatio?: number | undefined;
  /** Bounds on each span's mask slots, which follow the length of the text it replaces (`estimateSlots`). */
  readonly slotRange?: SlotRange | undefined;
  /** Sentence attributions for `attributed`, best target first; without them it falls back to `sentence`. */
  readonly attributions?: readonly SentenceAttribution[] | undefined;
}

/**
 * Chooses the spans of `prompt` a proposer may rewrite, with `strategy`. Never touches protected regions
 * (`{{placeholders}}`, code, `<keep>`). When the strategy finds nothing to mask (say, every sentence is protected) it
 * falls back to inserting at the end of the prompt, so the result is never empty. Each span records its strategy.
 *
 * @throws InvalidInputError when the prompt has an unclosed `<keep>` tag.
 */
export function selectSpans(options: SelectSpansOptions): MaskedSpan[] {
  const structure = splitPrompt({ prompt: options.prompt });
  const spans = chooseSpans(structure, options);
  if (spans.length > 0) return spans;
  return [insertAt(options.prompt.length, slotsOf("", "insert", options), "insert")];
}

function chooseSpans(structure: PromptStructure, options: SelectSpansOptions): MaskedSpan[] {
  const sentences = structure.sentences.filter((sentence) => !sentence.isProtected);
  const pick = (): PromptSegment | undefined => sentences[options.random.int(sentences.length)];
  switch (options.strategy) {
    case "random":
      return randomSpans(structure, options);
    case "sentence": {
      const sentence = pick();
      return sentence === undefined ? [] : [spanOf(sentence, "sentence", options)];
    }
    case "delete": {
      const sentence = pick();
      return sentence === undefined ? [] : [spanOf(sentence, "delete", options)];
    }
    case "insert": {
      const boundaries = [0, ...structure.sentences.map((sentence) => sentence.end)].filter(
        (offset) => !structure.protectedRegions.some((region) => touchesRegion({ start: offset, end: offset }, region)),
      );
      const offset = boundaries[options.random.int(boundaries.length)] ?? structure.prompt.length;
      return [insertAt(offset, slotsOf("", "insert", options), "insert")];
    }
    case "attributed":
      return attributedSpan(sentences, options);
  }
}

function attributedSpan(sentences: readonly PromptSegment[], options: SelectSpansOptions): MaskedSpan[] {
  const ranked = (options.attributions ?? []).filter((attribution) =>
    sentences.some((sentence) => sentence.start === attribution.start && sentence.end === attribution.end),
  );
  if (ranked.length === 0) {
    const sentence = sentences[options.random.int(sentences.length)];
    return sentence === undefined ? [] : [spanOf(sentence, "attributed", options)];
  }
  // Rank-weighted choice among the top three, so a round's candidates do not all rewrite the same sentence.
  const top = ranked.slice(0, 3);
  const weights = top.map((_, rank) => top.length - rank);
  let draw = options.random.next() * weights.reduce((sum, weight) => sum + weight, 0);
  let chosen = top[0];
  for (const [index, attribution] of top.entries()) {
    draw -= weights[index] ?? 0;
    if (draw < 0) {
      chosen = attribution;
      break;
    }
  }
  if (chosen === undefined) return [];
  const text = options.prompt.slice(chosen.start, chosen.end);
  return [
    {
      start: chosen.start,
      end: chosen.end,
      slots: slotsOf(text, "attributed", options),
      strategy: "attributed",
    },
  ];
}

function randomSpans(structure: PromptStructure, options: SelectSpansOptions): MaskedSpan[] {
  const words = [...structure.prompt.matchAll(/\S+/g)]
    .map((match) => ({ start: match.index, end: match.index + match[0].length }))
    .filter((word) => !structure.protectedRegions.some((region) => touchesRegion(word, region)));
  if (words.length === 0) return [];
  const target = Math.max(1, Math.round(words.length * (options.maskRatio ?? 0.15)));
  // At most two contiguous runs: enough to vary the prompt without scattering masks over it.
  const runs = target >= 4 && options.random.next() < 0.5 ? 2 : 1;
  const spans: MaskedSpan[] = [];
  let remaining = target;
  for (let run = 0; run < runs && remaining > 0; run += 1) {
    const length = run === runs - 1 ? remaining : Math.ceil(remaining / 2);
    const first = options.random.int(Math.max(1, words.length - length + 1));
    const chosen = contiguousRun({ prompt: structure.prompt, words: words.slice(first, first + length) });
    const start = chosen[0]?.start;
    const end = chosen.at(-1)?.end;
    if (start === undefined || end === undefined) continue;
    if (spans.some((span) => start < span.end && end > span.start)) continue;
    spans.push({
      start,
      end,
      slots: slotsOf(structure.prompt.slice(start, end), "random", options),
      strategy: "random",
    });
    remaining -= chosen.length;
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** The leading words of `words` that are adjacent in the prompt (only whitespace between: no protected text). */
function contiguousRun(options: {
  readonly prompt: string;
  readonly words: readonly { start: number; end: number }[];
}): { start: number; end: number }[] {
  const { prompt, words } = options;
  const cut = words.findIndex(
    (word, index) => index > 0 && prompt.slice(words[index - 1]?.end ?? word.start, word.start).trim() !== "",
  );
  return cut === -1 ? [...words] : words.slice(0, cut);
}

function slotsOf(text: string, strategy: SpanStrategy, options: SelectSpansOptions): number {
  return estimateSlots({ text, strategy, range: options.slotRange });
}

function spanOf(segment: PromptSegment, strategy: SpanStrategy, options: SelectSpansOptions): MaskedSpan {
  return { start: segment.start, end: segment.end, slots: slotsOf(segment.text, strategy, options), strategy };
}

function insertAt(offset: number, slots: number, strategy: string): MaskedSpan {
  return { start: offset, end: offset, slots, strategy };
}
