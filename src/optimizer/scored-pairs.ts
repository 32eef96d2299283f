/** A per-example score, or undefined where the example's call failed after its retries. */
export type MaybeScore = number | undefined;

/** The examples two prompts were both scored on, as aligned score lists, and how many were left out. */
export interface ScoredPairs {
  readonly before: readonly number[];
  readonly after: readonly number[];
  /** Examples left out because either side failed. */
  readonly failed: number;
}

/**
 * Keeps the positions where both `before` and `after` have a score (aligned by index, over the shorter list), so a
 * failed example never counts as a score in a paired comparison, on either side.
 */
export function scoredPairs(before: readonly MaybeScore[], after: readonly MaybeScore[]): ScoredPairs {
  const kept: { before: number[]; after: number[] } = { before: [], after: [] };
  const n = Math.min(before.length, after.length);
  for (let index = 0; index < n; index += 1) {
    const old = before[index];
    const current = after[index];
    if (old === undefined || current === undefined) continue;
    kept.before.push(old);
    kept.after.push(current);
  }
  return { ...kept, failed: n - kept.before.length };
}
