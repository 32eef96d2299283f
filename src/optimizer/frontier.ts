import type { MaybeScore } from "./scored-pairs.js";

/** A candidate that has scores on every dev example of the run. */
export interface ScoredCandidate {
  readonly hash: string;
  readonly promptLength: number;
  /** Per-example dev scores, aligned with the run's dev examples; undefined where the example's call failed. */
  readonly devScores: readonly MaybeScore[];
}

/** Mean of the scores, failed examples (undefined) left out; 0 for none. */
export function meanOf(scores: readonly MaybeScore[]): number {
  const scored = scores.filter((score): score is number => score !== undefined);
  return scored.length === 0 ? 0 : scored.reduce((sum, score) => sum + score, 0) / scored.length;
}

/**
 * The frontier of accepted candidates, in input order: every candidate that is strictly best on some dev example
 * and is not dominated on (mean dev score ↑, prompt length ↓), plus every non-dominated one.
 */
export function computeFrontier(candidates: readonly ScoredCandidate[]): string[] {
  const means = candidates.map((candidate) => meanOf(candidate.devScores));
  const dominated = candidates.map((candidate, index) =>
    candidates.some(
      (other, otherIndex) =>
        otherIndex !== index &&
        (means[otherIndex] ?? 0) >= (means[index] ?? 0) &&
        other.promptLength <= candidate.promptLength &&
        ((means[otherIndex] ?? 0) > (means[index] ?? 0) || other.promptLength < candidate.promptLength),
    ),
  );
  const wins = exampleWins(candidates);
  return candidates
    .filter((_, index) => !dominated[index] || (wins[index] ?? 0) > 0)
    .map((candidate) => candidate.hash);
}

/**
 * For each candidate, the number of dev examples on which it is strictly the best: what GEPA-style parent selection
 * weighs. A candidate winning nowhere gets 0.
 */
export function exampleWins(candidates: readonly ScoredCandidate[]): number[] {
  const wins = candidates.map(() => 0);
  const size = Math.max(0, ...candidates.map((candidate) => candidate.devScores.length));
  for (let example = 0; example < size; example += 1) {
    let best = Number.NEGATIVE_INFINITY;
    let winners: number[] = [];
    candidates.forEach((candidate, index) => {
      const score = candidate.devScores[example] ?? Number.NEGATIVE_INFINITY;
      if (score > best) {
        best = score;
        winners = [index];
      } else if (score === best) winners.push(index);
    });
    if (winners.length === 1) wins[winners[0] ?? 0] = (wins[winners[0] ?? 0] ?? 0) + 1;
  }
  return wins;
}

/** The best candidate: highest mean dev score, then the shorter prompt, then the earlier one. */
export function bestOf<T extends ScoredCandidate>(candidates: readonly T[]): T | undefined {
  let best: T | undefined;
  let bestMean = Number.NEGATIVE_INFINITY;
  for (const candidate of candidates) {
    const mean = meanOf(candidate.devScores);
    if (mean > bestMean || (mean === bestMean && best !== undefined && candidate.promptLength < best.promptLength)) {
      best = candidate;
      bestMean = mean;
    }
  }
  return best;
}
