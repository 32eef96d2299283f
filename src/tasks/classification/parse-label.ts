/** The label found in an answer, or why none was. */
export type ParsedLabel =
  | { readonly label: string; readonly reason?: undefined }
  | { readonly label: undefined; readonly reason: string };

// Underscores and hyphens in a label may be written as spaces ("not_equivalent" → "not equivalent").
const surfaceForms = (label: string): readonly string[] => {
  const lower = label.toLowerCase();
  return [
    ...new Set([lower, lower.replace(/[_-]+/g, " "), lower.replace(/[_ ]+/g, "-"), lower.replace(/[- ]+/g, "_")]),
  ];
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Creates a parser mapping a model's free-text answer to one of `labels` (patterns compiled once; see `parseLabel`).
 */
export function createLabelParser(options: { readonly labels: readonly string[] }): (answer: string) => ParsedLabel {
  const patterns = options.labels.flatMap((label) =>
    surfaceForms(label).map((form) => ({
      label,
      length: form.length,
      pattern: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(form)}(?![\\p{L}\\p{N}])`, "u"),
    })),
  );
  const noLabel = `no label in the answer (labels: ${options.labels.join(", ")})`;
  return (text) => {
    const answer = text.toLowerCase();
    if (answer.trim() === "") return { label: undefined, reason: "empty answer" };
    let best: { label: string; index: number; length: number } | undefined;
    for (const { label, length, pattern } of patterns) {
      const match = pattern.exec(answer);
      if (match === null) continue;
      if (best === undefined || match.index < best.index || (match.index === best.index && length > best.length))
        best = { label, index: match.index, length };
    }
    return best === undefined ? { label: undefined, reason: noLabel } : { label: best.label };
  };
}

/**
 * Maps a model's free-text answer to one of `labels`: case-insensitive, whole words only, tolerant of prefixes,
 * quotes and punctuation ("Sentiment: Positive."). The label mentioned first wins; at the same position the longest
 * one wins, so "very negative" beats "negative". No label → `label` undefined with the reason. For many answers,
 * build the parser once with `createLabelParser`.
 */
export function parseLabel(options: { readonly answer: string; readonly labels: readonly string[] }): ParsedLabel {
  return createLabelParser({ labels: options.labels })(options.answer);
}
