import type { PositionDistribution } from "../spec/mask-predictor.js";

/**
 * Classifier-free guidance for one position: `uncond + (scale + 1) · (cond − uncond)` (LLaDA's formula).
 * Full logits combine element-wise. Top-k distributions combine over the union of their token ids, a token missing from
 * one side taking that side's smallest log-probability (an upper bound of its true value); the result is renormalised
 * over the union so it stays a top-k distribution of log-probabilities. Mixed kinds are combined as top-k.
 *
 * @param options.scale guidance scale `s` (> 0; 0 returns `conditional`).
 */
export function combineGuidance(options: {
  readonly conditional: PositionDistribution;
  readonly unconditional: PositionDistribution;
  readonly scale: number;
}): PositionDistribution {
  const { conditional, unconditional, scale } = options;
  if (scale === 0) return conditional;
  if (conditional.kind === "logits" && unconditional.kind === "logits") {
    const combined = new Float32Array(conditional.logits.length);
    for (let index = 0; index < combined.length; index += 1) {
      const uncond = unconditional.logits[index] ?? 0;
      combined[index] = uncond + (scale + 1) * ((conditional.logits[index] ?? 0) - uncond);
    }
    return { kind: "logits", logits: combined };
  }
  const cond = toLogProbMap(conditional);
  const uncond = toLogProbMap(unconditional);
  const floorCond = Math.min(...cond.values());
  const floorUncond = Math.min(...uncond.values());
  const ids = [...new Set([...cond.keys(), ...uncond.keys()])];
  const scores = ids.map((id) => {
    const u = uncond.get(id) ?? floorUncond;
    return u + (scale + 1) * ((cond.get(id) ?? floorCond) - u);
  });
  const maximum = Math.max(...scores);
  const logNormalizer = maximum + Math.log(scores.reduce((sum, score) => sum + Math.exp(score - maximum), 0));
  const order = ids.map((_, index) => index).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
  return {
    kind: "top-k",
    tokenIds: Int32Array.from(order, (index) => ids[index] ?? 0),
    logProbs: Float32Array.from(order, (index) => (scores[index] ?? 0) - logNormalizer),
  };
}

function toLogProbMap(distribution: PositionDistribution): Map<number, number> {
  if (distribution.kind === "top-k") {
    return new Map(Array.from(distribution.tokenIds, (id, index) => [id, distribution.logProbs[index] ?? 0]));
  }
  let maximum = Number.NEGATIVE_INFINITY;
  for (const value of distribution.logits) if (value > maximum) maximum = value;
  let sum = 0;
  for (const value of distribution.logits) sum += Math.exp(value - maximum);
  const logNormalizer = maximum + Math.log(sum);
  return new Map(Array.from(distribution.logits, (value, id) => [id, value - logNormalizer]));
}
