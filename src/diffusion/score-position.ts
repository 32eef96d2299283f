import type { PositionDistribution } from "../spec/mask-predictor.js";
import type { DiffusionSettings } from "../spec/proposer.js";
import type { Random } from "../spec/runtime.js";
import { gumbelNoise, gumbelNoiseBound, gumbelUniform } from "./gumbel-noise.js";

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
 * Cost: one comparison pass over the distribution, plus one `exp` per entry for the log-partition of full logits under
 * `low_confidence`, `margin` and `entropy`, plus Gumbel noise for the entries that can still win a sample at
 * `temperature` > 0 (a noise draw never exceeds `gumbelNoiseBound`, so entries that far below the leader are skipped).
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
  const count = values.length;
  // Pass 1, comparisons only: the maximum (for a stable log-partition) and the best and second-best non-mask entries.
  let maximum = Number.NEGATIVE_INFINITY;
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  let second = -1;
  let secondValue = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < count; index += 1) {
    const value = values[index] ?? Number.NEGATIVE_INFINITY;
    if (value > maximum) maximum = value;
    if ((tokenIds === undefined ? index : tokenIds[index]) === maskTokenId) continue;
    if (best < 0 || value > bestValue) {
      second = best;
      secondValue = bestValue;
      best = index;
      bestValue = value;
    } else if (second < 0 || value > secondValue) {
      second = index;
      secondValue = value;
    }
  }
  if (best < 0) throw new Error("The predictor returned a distribution without any token besides the mask token.");
  const chosen = temperature > 0 ? gumbelMax({ values, tokenIds, maskTokenId, temperature, noiseSeed, best }) : best;
  const tokenId = tokenIds === undefined ? chosen : (tokenIds[chosen] ?? -1);
  if (settings.remasking === "random") return { tokenId, confidence: random.next() };
  // Pass 2 (full logits only; top-k log-probabilities are normalised already): the log-partition, and for `entropy`
  // the expected logit, in one sweep of exp.
  let logNormalizer = 0;
  let expectedShifted = 0;
  if (tokenIds === undefined) {
    let sum = 0;
    let weighted = 0;
    const withEntropy = settings.remasking === "entropy";
    for (let index = 0; index < count; index += 1) {
      const shifted = (values[index] ?? Number.NEGATIVE_INFINITY) - maximum;
      if (shifted === Number.NEGATIVE_INFINITY) continue;
      const weight = Math.exp(shifted);
      sum += weight;
      if (withEntropy) weighted += weight * shifted;
    }
    logNormalizer = maximum + Math.log(sum);
    expectedShifted = weighted / sum;
  }
  const probability = (index: number): number =>
    index < 0 ? 0 : Math.exp((values[index] ?? Number.NEGATIVE_INFINITY) - logNormalizer);
  switch (settings.remasking) {
    case "low_confidence":
      return { tokenId, confidence: probability(chosen) };
    case "margin":
      return { tokenId, confidence: probability(best) - probability(second) };
    case "entropy": {
      // exp(−H) ranks exactly as −H does but lies in (0, 1], so a `threshold` means the same for every rule.
      // Full logits: Σ p·log p = E[logit − max] − (logNormalizer − max).
      if (tokenIds === undefined) return { tokenId, confidence: Math.exp(expectedShifted - (logNormalizer - maximum)) };
      let negativeEntropy = 0;
      for (let index = 0; index < count; index += 1) {
        const logProbability = values[index] ?? Number.NEGATIVE_INFINITY;
        if (logProbability > Number.NEGATIVE_INFINITY) negativeEntropy += Math.exp(logProbability) * logProbability;
      }
      return { tokenId, confidence: Math.exp(negativeEntropy) };
    }
  }
}

/** The uniform draw at which Gumbel noise −log(−log u) equals 2 (≈ 0.873). */
const noiseTwoUniform = Math.exp(-Math.exp(-2));

/**
 * Gumbel-max over the non-mask entries: the index maximising value / temperature + noise(token id), ties to the lower
 * index, so the answer does not depend on the order entries are visited in. Starting from the best entry lets the
 * bound on the noise skip entries that cannot catch up without drawing their noise.
 */
function gumbelMax(options: {
  readonly values: Float32Array;
  readonly tokenIds: Int32Array | undefined;
  readonly maskTokenId: number;
  readonly temperature: number;
  readonly noiseSeed: number;
  readonly best: number;
}): number {
  const { values, tokenIds, maskTokenId, temperature, noiseSeed } = options;
  const scoreOf = (index: number): number =>
    (values[index] ?? Number.NEGATIVE_INFINITY) / temperature +
    gumbelNoise({ seed: noiseSeed, tokenId: tokenIds === undefined ? index : (tokenIds[index] ?? -1) });
  let sampled = options.best;
  let sampledScore = scoreOf(sampled);
  for (let index = 0; index < values.length; index += 1) {
    const scaled = (values[index] ?? Number.NEGATIVE_INFINITY) / temperature;
    if (scaled + gumbelNoiseBound < sampledScore || index === options.best) continue;
    const tokenId = tokenIds === undefined ? index : (tokenIds[index] ?? -1);
    if (tokenId === maskTokenId) continue;
    const uniform = gumbelUniform({ seed: noiseSeed, tokenId });
    // Most draws lie below the level whose noise is 2: such a token cannot win when 2 more would not be enough.
    if (uniform < noiseTwoUniform && scaled + 2 + 1e-9 < sampledScore) continue;
    const score = scaled - Math.log(-Math.log(uniform));
    if (score > sampledScore || (score === sampledScore && index < sampled)) {
      sampled = index;
      sampledScore = score;
    }
  }
  return sampled;
}
