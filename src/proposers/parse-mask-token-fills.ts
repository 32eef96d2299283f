import type { ParsedFills } from "./parse-fills.js";

/**
 * Reads the fills of a `mask-token` answer: the prompt with its mask-token runs replaced. The text around the gaps
 * (`segments`, one more than the gaps) is found in order in the answer (inside `<prompt>…</prompt>` when present,
 * surrounding whitespace ignored), and what lies between two segments is the fill. Gaps separated by whitespace only
 * share one stretch of answer, split at sentence ends (one sentence each, the last gap the rest; gaps without a sentence
 * get nothing), which puts the same text back in the prompt. A gap whose neighbouring text cannot be found, or whose
 * fill still holds the mask token, is missing. Never throws.
 */
export function parseMaskTokenFills(options: {
  readonly text: string;
  readonly segments: readonly string[];
  readonly maskToken: string;
}): ParsedFills {
  const { segments, maskToken } = options;
  const count = segments.length - 1;
  const tagged = /<prompt>([\s\S]*?)(?:<\/prompt>|$)/i.exec(options.text);
  const text = (tagged?.[1] ?? options.text).replace(/^```[\w-]*\n?|```\s*$/g, "");
  const fills: (string | undefined)[] = new Array(count).fill(undefined);
  const first = (segments[0] ?? "").trim();
  let cursor = first === "" ? 0 : text.indexOf(first);
  if (cursor >= 0) cursor += first.length;
  let gap = 1;
  while (gap <= count && cursor >= 0) {
    // Gaps gap…last share the stretch up to the next segment that holds more than whitespace.
    let last = gap;
    while (last < count && (segments[last] ?? "").trim() === "") last += 1;
    const next = (segments[last] ?? "").trim();
    const end = next === "" ? text.length : last === count ? text.lastIndexOf(next) : text.indexOf(next, cursor);
    if (end < cursor) break;
    const parts = splitSentences(text.slice(cursor, end).trim(), last - gap + 1);
    parts.forEach((part, index) => {
      fills[gap - 1 + index] = part.includes(maskToken) ? undefined : part;
    });
    cursor = end + next.length;
    gap = last + 1;
  }
  const missing = fills.flatMap((fill, index) => (fill === undefined ? [index + 1] : []));
  return { fills, missing };
}

function splitSentences(text: string, count: number): string[] {
  if (count === 1) return [text];
  const sentences = text.split(/(?<=[.!?])\s+/).filter((sentence) => sentence !== "");
  return Array.from({ length: count }, (_, index) =>
    index < count - 1 ? (sentences[index] ?? "") : sentences.slice(count - 1).join(" "),
  );
}
