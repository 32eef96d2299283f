import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { MaskedSpan } from "../spec/proposer.js";
import type { Random } from "../spec/runtime.js";
import { estimateSlots } from "./estimate-slots.js";
import { touchesRegion } from "./find-protected-regions.js";
import { maskPrompt } from "./mask-prompt.js";
import type { MaskSpec } from "./parse-mask-spec.js";
import { type PromptStructure, splitPrompt } from "./split-prompt.js";

/** Longest span, in words, that `random:` masks at once. */
const maxRandomSpanWords = 6;

/**
 * Turns mask specs into concrete spans of `prompt`, in the order given (`random` specs are placed last, around the
 * others). Each span's `strategy` is its spec's kind and `slots` comes from `slotsFor` (default `estimateSlots`).
 *
 * @throws InvalidInputError when a sentence or boundary does not exist, a span touches a protected region, spans
 *   overlap, or the prompt has no maskable span at all.
 */
export function resolveMaskSpecs(options: {
  readonly prompt: string;
  readonly specs: readonly MaskSpec[];
  readonly random: Random;
  readonly slotsFor?: ((options: { readonly text: string; readonly strategy: string }) => number) | undefined;
}): MaskedSpan[] {
  const { prompt, specs } = options;
  const structure = splitPrompt({ prompt });
  const slotsFor = options.slotsFor ?? estimateSlots;
  const toSpan = (start: number, end: number, strategy: string): MaskedSpan => ({
    start,
    end,
    strategy,
    slots: slotsFor({ text: prompt.slice(start, end), strategy }),
  });
  const fixed = specs.map((spec, specIndex) => resolveFixedSpan({ spec, specIndex, structure, toSpan }));
  const chosen = fixed.filter((span) => span !== undefined);
  for (const spec of specs) {
    if (spec.kind === "random")
      chosen.push(
        ...pickRandomSpans({ structure, maskRatio: spec.maskRatio, taken: chosen, random: options.random }).map(
          (range) => toSpan(range.start, range.end, "random"),
        ),
      );
  }
  maskPrompt({ prompt, maskedSpans: chosen });
  return chosen;
}

interface Word {
  readonly start: number;
  readonly end: number;
  /** Words of one run can be masked together: no protected text or line break between them. */
  readonly run: number;
}

function pickRandomSpans(options: {
  readonly structure: PromptStructure;
  readonly maskRatio: number;
  readonly taken: readonly MaskedSpan[];
  readonly random: Random;
}): { start: number; end: number }[] {
  const { structure, random } = options;
  const blocked = [...structure.protectedRegions, ...options.taken];
  const words: Word[] = [];
  let run = 0;
  for (const match of structure.prompt.matchAll(/\S+|\n/g)) {
    const range = { start: match.index, end: match.index + match[0].length };
    const isFree =
      match[0] !== "\n" &&
      !blocked.some(
        (region) =>
          touchesRegion(range, region) ||
          (region.start === region.end && region.start >= range.start && region.start <= range.end),
      );
    if (!isFree) {
      run += 1;
      continue;
    }
    words.push({ ...range, run });
  }
  if (words.length === 0) {
    throw new InvalidInputError({
      message:
        "The prompt has no maskable span: every word is in a {{placeholder}}, fenced code or a <keep> span, or already masked.",
      location: { field: "prompt" },
    });
  }
  const target = Math.max(1, Math.round(options.maskRatio * words.length));
  const isTaken = new Array<boolean>(words.length).fill(false);
  const spans: { start: number; end: number }[] = [];
  let remaining = target;
  while (remaining > 0) {
    let length = Math.min(remaining, 1 + random.int(maxRandomSpanWords));
    let starts: number[] = [];
    for (; length >= 1; length -= 1) {
      starts = freeStarts({ words, isTaken, length });
      if (starts.length > 0) break;
    }
    if (starts.length === 0) break;
    const first = starts[random.int(starts.length)] ?? 0;
    const last = first + length - 1;
    for (let index = first; index <= last; index += 1) isTaken[index] = true;
    spans.push({ start: words[first]?.start ?? 0, end: words[last]?.end ?? 0 });
    remaining -= length;
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** Start indices of `length` consecutive untaken words of one run, with no taken word right beside them. */
function freeStarts(options: {
  readonly words: readonly Word[];
  readonly isTaken: readonly boolean[];
  readonly length: number;
}): number[] {
  const { words, isTaken, length } = options;
  const starts: number[] = [];
  for (let first = 0; first + length <= words.length; first += 1) {
    const run = words[first]?.run;
    let isFree = isTaken[first - 1] !== true && isTaken[first + length] !== true;
    for (let index = first; isFree && index < first + length; index += 1) {
      isFree = isTaken[index] !== true && words[index]?.run === run;
    }
    if (isFree) starts.push(first);
  }
  return starts;
}

/** The span of a spec that names its place (`random` is placed later, around these). */
function resolveFixedSpan(options: {
  readonly spec: MaskSpec;
  readonly specIndex: number;
  readonly structure: PromptStructure;
  readonly toSpan: (start: number, end: number, strategy: string) => MaskedSpan;
}): MaskedSpan | undefined {
  const { spec, specIndex, structure, toSpan } = options;
  const field = `--mask[${specIndex}]`;
  switch (spec.kind) {
    case "sentence":
    case "delete": {
      const sentence = structure.sentences[spec.index];
      if (sentence === undefined) {
        throw new InvalidInputError({
          message: `The prompt has ${structure.sentences.length} maskable sentences (0-${structure.sentences.length - 1}); there is no sentence ${spec.index}.`,
          location: { field },
        });
      }
      return toSpan(sentence.start, sentence.end, spec.kind);
    }
    case "insert": {
      const count = structure.sentences.length;
      if (spec.boundary > count || count === 0) {
        throw new InvalidInputError({
          message: `The prompt has sentence boundaries 0-${count}; there is no boundary ${spec.boundary}.`,
          location: { field },
        });
      }
      const at = spec.boundary === 0 ? structure.sentences[0]?.start : structure.sentences[spec.boundary - 1]?.end;
      return toSpan(at ?? 0, at ?? 0, "insert");
    }
    case "chars":
      return toSpan(spec.start, spec.end, "chars");
    case "random":
      return undefined;
  }
}
