import { findProtectedRegions, type ProtectedRegion } from "./find-protected-regions.js";

/** Outcome of `validateCandidate`: problems are data (an invalid candidate is an expected outcome, not an error). */
export type CandidateValidation =
  | { readonly isValid: true; readonly tokenCount?: number | undefined }
  | { readonly isValid: false; readonly problems: readonly string[]; readonly tokenCount?: number | undefined };

/**
 * Checks a candidate prompt against the prompt it came from: not blank; every `{{placeholder}}` kept the same number of
 * times; every `<keep>` span and fenced code block kept verbatim; and, when `maxTokens` and `countTokens` are given,
 * at most `maxTokens` tokens. A candidate that cannot be parsed (an unclosed `<keep>`) is invalid, not an error.
 */
export function validateCandidate(options: {
  readonly original: string;
  readonly candidate: string;
  readonly maxTokens?: number | undefined;
  readonly countTokens?: ((text: string) => number) | undefined;
}): CandidateValidation {
  const { original, candidate } = options;
  const problems: string[] = [];
  if (candidate.trim() === "") problems.push("The candidate is empty.");
  let candidateRegions: ProtectedRegion[] = [];
  try {
    candidateRegions = findProtectedRegions(candidate);
  } catch {
    problems.push("The candidate has an unclosed <keep> tag.");
  }
  const before = countTexts(findProtectedRegions(original));
  const after = countTexts(candidateRegions);
  for (const [key, count] of before) {
    const [kind, text] = splitKey(key);
    const found = after.get(key) ?? 0;
    if (found !== count)
      problems.push(`The ${kind} ${JSON.stringify(text)} appears ${found} times instead of ${count}.`);
  }
  for (const [key, count] of after) {
    const [kind, text] = splitKey(key);
    if (!before.has(key) && kind !== "code")
      problems.push(`The candidate adds a ${kind} ${JSON.stringify(text)} (${count}×).`);
  }
  let tokenCount: number | undefined;
  if (options.countTokens !== undefined && options.maxTokens !== undefined) {
    tokenCount = options.countTokens(candidate);
    if (tokenCount > options.maxTokens) {
      problems.push(`The candidate has ${tokenCount} tokens, over the budget of ${options.maxTokens}.`);
    }
  }
  return problems.length === 0 ? { isValid: true, tokenCount } : { isValid: false, problems, tokenCount };
}

function countTexts(regions: readonly ProtectedRegion[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const region of regions) {
    const key = `${region.kind}\u0000${region.text}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function splitKey(key: string): [string, string] {
  const cut = key.indexOf("\u0000");
  return [key.slice(0, cut), key.slice(cut + 1)];
}
