import type { PositionDistribution } from "../spec/mask-predictor.js";
import type { DiffusionSettings } from "../spec/proposer.js";
import type { Random } from "../spec/runtime.js";
import { gumbelNoise } from "./gumbel-noise.js";

/** The token chosen for one masked position and how confident the remasking rule is about it (higher = commit sooner). */
export interface PositionChoice {
  readonly tokenId: number;
  readonly confidence: number;
}

/**
 * Picks the candidate token `x0` for one masked position and scores it by the remasking rule (DESIGN.md, the diffusion
 * engine). `x0` is the argmax when `temperature` is 0, otherwise a Gumbel-max sample from softmax(logits / temperature)
 * (noise keyed by token id: see `gumbelNoise`).
 * The mask token is never chosen. Confidence: `low_confidence` = probability of `x0`; `margin` = top-1 minus top-2
 * probability; `entropy` = exp(negative entropy) of the distribution (1 when certain); `random` = a uniform draw.
 * Every confidence lies in [0, 1], so one `threshold` works with each rule.
 * A `top-k` distribution holds log-probabilities already normalised over the full vocabulary; tokens outside it count as
 * impossible for sampling and are left out of the entropy.
 *
 * @throws Error when the distribution offers no token other than the mask token (a predictor bug).
 */
export function scorePosition(options: {
  readonly distribution: PositionDistribution;
  readonly maskTokenId: number;
  readonly settings: Pick<DiffusionSettings, "remasking" | "temperature">;
  readonly random: Random;
}): PositionChoice {
  const { distribution, maskTokenId, settings, random } = options;
  const values = distribution.kind === "logits" ? distribution.logits : distribution.logProbs;
  const tokenIds = distribution.kind === "top-k" ? distribution.tokenIds : undefined;
  const temperature = settings.temperature;
  const noiseSeed = temperature > 0 ? random.int(4294967296) : 0;
  // One tight pass (this loop runs over the whole vocabulary for every masked position): log-partition, best and
  // second-best non-mask entries, and the Gumbel-max sample.
  let maximum = Number.NEGATIVE_INFINITY;
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  let second = -1;
  let secondValue = Number.NEGATIVE_INFINITY;
  let sampled = -1;
  let sampledScore = Number.NEGATIVE_INFINITY;
  // Online log-sum-exp (rescale the running sum when the maximum grows) keeps this to one pass over full logits.
  let sum = 0;
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index] ?? Number.NEGATIVE_INFINITY;
    if (value > maximum) {
      sum = sum * Math.exp(maximum - value) + 1;
      maximum = value;
    } else if (value > Number.NEGATIVE_INFINITY) sum += Math.exp(value - maximum);
    const tokenId = tokenIds === undefined ? index : (tokenIds[index] ?? -1);
    if (tokenId === maskTokenId) continue;
    if (best < 0 || value > bestValue) {
      second = best;
      secondValue = bestValue;
      best = index;
      bestValue = value;
    } else if (second < 0 || value > secondValue) {
      second = index;
      secondValue = value;
    }
    if (temperature > 0) {
      const score = value / temperature + gumbelNoise({ seed: noiseSeed, tokenId });
      if (score > sampledScore) {
        sampledScore = score;
        sampled = index;
      }
    }
  }
  if (best < 0) throw new Error("The predictor returned a distribution without any token besides the mask token.");
  // Log-partition: full logits need normalising; top-k log-probabilities already are.
  const logNormalizer = tokenIds === undefined ? maximum + Math.log(sum) : 0;
  const idAt = (index: number): number => (tokenIds === undefined ? index : (tokenIds[index] ?? -1));
  const chosen = settings.temperature > 0 && sampled >= 0 ? sampled : best;
  const probability = (index: number): number =>
    index < 0 ? 0 : Math.exp((values[index] ?? Number.NEGATIVE_INFINITY) - logNormalizer);
  const tokenId = idAt(chosen);
  switch (settings.remasking) {
    case "low_confidence":
      return { tokenId, confidence: probability(chosen) };
    case "margin":
      return { tokenId, confidence: probability(best) - probability(second) };
    case "entropy": {
      let negativeEntropy = 0;
      for (let index = 0; index < values.length; index += 1) {
        const logProbability = (values[index] ?? Number.NEGATIVE_INFINITY) - logNormalizer;
        if (logProbability > Number.NEGATIVE_INFINITY) negativeEntropy += Math.exp(logProbability) * logProbability;
      }
      // exp(−H) ranks exactly as −H does but lies in (0, 1], so a `threshold` means the same for every rule.
      return { tokenId, confidence: Math.exp(negativeEntropy) };
    }
    case "random":
      return { tokenId, confidence: random.next() };
  }
}
