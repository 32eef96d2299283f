import { mapPredictorDistributions } from "../diffusion/map-predictor-distributions.js";
import type { MaskPredictor, PositionDistribution } from "../spec/mask-predictor.js";

function biasedLogits(logits: Float32Array, biases: ReadonlyMap<number, number>): PositionDistribution {
  const shifted = Float32Array.from(logits);
  for (const [tokenId, bias] of biases) if (tokenId < shifted.length) shifted[tokenId] = (shifted[tokenId] ?? 0) + bias;
  return { kind: "logits", logits: shifted };
}

/**
 * Shifts a top-k list and renormalises it over the whole vocabulary, as a softmax over biased full logits would:
 * log p'(t) = log p(t) + b(t) − log(1 + Σ_j p(j)·(e^{b(j)} − 1)). The sum runs over the biased tokens in the list, which
 * makes it exact for them; a biased token outside the list has less probability than the list's last entry and is left
 * out of the sum (an error below that entry's probability). The list is re-sorted, most likely first, ties to the lower
 * token id, as `toTopK` orders it.
 */
function biasedTopK(
  distribution: PositionDistribution & { readonly kind: "top-k" },
  biases: ReadonlyMap<number, number>,
): PositionDistribution {
  let massChange = 0;
  distribution.tokenIds.forEach((tokenId, index) => {
    const bias = biases.get(tokenId);
    if (bias !== undefined)
      massChange += Math.exp(distribution.logProbs[index] ?? Number.NEGATIVE_INFINITY) * Math.expm1(bias);
  });
  const logNormalizer = Math.log1p(massChange);
  const entries = Array.from(distribution.tokenIds, (tokenId, index) => ({
    tokenId,
    logProb: (distribution.logProbs[index] ?? Number.NEGATIVE_INFINITY) + (biases.get(tokenId) ?? 0) - logNormalizer,
  }));
  entries.sort((left, right) => right.logProb - left.logProb || left.tokenId - right.tokenId);
  return {
    kind: "top-k",
    tokenIds: Int32Array.from(entries, (entry) => entry.tokenId),
    logProbs: Float32Array.from(entries, (entry) => entry.logProb),
  };
}

/**
 * A predictor whose scores for the given tokens are shifted by a fixed amount (in nats, added to the logit) at every
 * position it is asked about — a logit bias, as chat APIs offer one. A negative bias on the end token stops a
 * masked-diffusion sampler from committing end tokens first (they are often the most confident prediction) and so from
 * deleting whole spans. Full logits and top-k lists give the same probabilities: a top-k list is renormalised over the
 * vocabulary (exact for biased tokens in the list; see `biasedTopK`), so the same model samples the same fills in
 * process (full logits) and through a logits server (top-k).
 */
export function biasTokenLogits(options: {
  readonly predictor: MaskPredictor;
  /** Token id → bias in nats; an empty map returns `predictor` itself. */
  readonly biases: ReadonlyMap<number, number>;
}): MaskPredictor {
  const { predictor, biases } = options;
  if (biases.size === 0) return predictor;
  return mapPredictorDistributions({
    predictor,
    map: (distribution) =>
      distribution.kind === "logits" ? biasedLogits(distribution.logits, biases) : biasedTopK(distribution, biases),
  });
}
