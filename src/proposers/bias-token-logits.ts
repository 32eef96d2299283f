import { mapPredictorDistributions } from "../diffusion/map-predictor-distributions.js";
import type { MaskPredictor, PositionDistribution } from "../spec/mask-predictor.js";

function biased(distribution: PositionDistribution, biases: ReadonlyMap<number, number>): PositionDistribution {
  if (distribution.kind === "logits") {
    const logits = Float32Array.from(distribution.logits);
    for (const [tokenId, bias] of biases) if (tokenId < logits.length) logits[tokenId] = (logits[tokenId] ?? 0) + bias;
    return { kind: "logits", logits };
  }
  const logProbs = Float32Array.from(distribution.logProbs);
  distribution.tokenIds.forEach((tokenId, index) => {
    const bias = biases.get(tokenId);
    if (bias !== undefined) logProbs[index] = (logProbs[index] ?? 0) + bias;
  });
  return { kind: "top-k", tokenIds: distribution.tokenIds, logProbs };
}

/**
 * A predictor whose scores for the given tokens are shifted by a fixed amount (in nats, added to the logit or
 * log-probability) at every position it is asked about — a logit bias, as chat APIs offer one. A negative bias on the
 * end token stops a masked-diffusion sampler from committing end tokens first (they are often the most confident
 * prediction) and so from deleting whole spans. Top-k answers are shifted without renormalising over the vocabulary.
 */
export function biasTokenLogits(options: {
  readonly predictor: MaskPredictor;
  /** Token id → bias in nats; an empty map returns `predictor` itself. */
  readonly biases: ReadonlyMap<number, number>;
}): MaskPredictor {
  const { predictor, biases } = options;
  if (biases.size === 0) return predictor;
  return mapPredictorDistributions({ predictor, map: (distribution) => biased(distribution, biases) });
}
