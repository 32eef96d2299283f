import type { PositionDistribution } from "../spec/mask-predictor.js";

/**
 * The `k` most likely tokens of a logits vector as log-probabilities normalised over the whole vocabulary, most likely
 * first (ties: lower token id first). Costs one pass over the logits plus O(vocab · k) in the worst case, so keep k small.
 *
 * @param options.logits raw logits, length = vocabulary size.
 * @param options.k how many tokens (clamped to [1, vocabulary size]).
 */
export function toTopK(options: { readonly logits: Float32Array; readonly k: number }): PositionDistribution & {
  readonly kind: "top-k";
} {
  const { logits } = options;
  const k = Math.max(1, Math.min(Math.floor(options.k), logits.length));
  const ids: number[] = [];
  let maximum = Number.NEGATIVE_INFINITY;
  for (let id = 0; id < logits.length; id += 1) {
    const value = logits[id] ?? Number.NEGATIVE_INFINITY;
    if (value > maximum) maximum = value;
    if (ids.length === k && value <= (logits[ids[k - 1] ?? 0] ?? 0)) continue;
    // Insertion into the small sorted list keeps this allocation-free for the common small k.
    let slot = ids.length;
    while (slot > 0 && (logits[ids[slot - 1] ?? 0] ?? 0) < value) slot -= 1;
    ids.splice(slot, 0, id);
    if (ids.length > k) ids.pop();
  }
  let sum = 0;
  for (let id = 0; id < logits.length; id += 1) sum += Math.exp((logits[id] ?? 0) - maximum);
  const logNormalizer = maximum + Math.log(sum);
  return {
    kind: "top-k",
    tokenIds: Int32Array.from(ids),
    logProbs: Float32Array.from(ids, (id) => (logits[id] ?? 0) - logNormalizer),
  };
}
