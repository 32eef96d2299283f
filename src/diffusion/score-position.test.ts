import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../internal/seeded-random.js";
import type { PositionDistribution } from "../spec/mask-predictor.js";
import { gumbelNoise, gumbelNoiseBound } from "./gumbel-noise.js";
import { scorePosition } from "./score-position.js";
import { toTopK } from "./to-top-k.js";

const MASK = 1;
const logitsOf = (probabilities: readonly number[]): PositionDistribution => ({
  kind: "logits",
  logits: Float32Array.from(probabilities, (p) => Math.log(p)),
});

describe("scorePosition", () => {
  const distribution = logitsOf([0.05, 0.05, 0.6, 0.3]);

  it("scores low_confidence, margin and entropy from the softmax", () => {
    const random = createSeededRandom(1);
    const score = (remasking: "low_confidence" | "margin" | "entropy") =>
      scorePosition({ distribution, maskTokenId: MASK, settings: { remasking, temperature: 0 }, random });
    expect(score("low_confidence")).toEqual({ tokenId: 2, confidence: expect.closeTo(0.6, 5) });
    expect(score("margin").confidence).toBeCloseTo(0.3, 5);
    const entropy = [0.05, 0.05, 0.6, 0.3].reduce((sum, p) => sum + p * Math.log(p), 0);
    expect(score("entropy").confidence).toBeCloseTo(Math.exp(entropy), 5);
  });

  it("samples x0 from softmax(logits / temperature)", () => {
    const random = createSeededRandom(11);
    const counts = [0, 0, 0, 0];
    const draws = 4000;
    for (let draw = 0; draw < draws; draw += 1) {
      const { tokenId } = scorePosition({
        distribution,
        maskTokenId: MASK,
        settings: { remasking: "low_confidence", temperature: 0.5 },
        random,
      });
      counts[tokenId] = (counts[tokenId] ?? 0) + 1;
    }
    // At temperature 0.5 the weights are p²: 0.36 and 0.09 dominate, 0.0025 for token 0, never the mask.
    const total = 0.0025 + 0.36 + 0.09;
    expect(counts[1]).toBe(0);
    expect((counts[2] ?? 0) / draws).toBeCloseTo(0.36 / total, 1);
    expect((counts[3] ?? 0) / draws).toBeCloseTo(0.09 / total, 1);
  });

  it("samples the same token from full logits and from a top-k list", () => {
    const logits = Float32Array.from({ length: 50 }, (_, id) => Math.sin(id * 1.3) * 3);
    for (let seed = 0; seed < 30; seed += 1) {
      const settings = { remasking: "low_confidence" as const, temperature: 1 };
      const full = scorePosition({
        distribution: { kind: "logits", logits },
        maskTokenId: MASK,
        settings,
        random: createSeededRandom(seed),
      });
      const top = scorePosition({
        distribution: toTopK({ logits, k: 50 }),
        maskTokenId: MASK,
        settings,
        random: createSeededRandom(seed),
      });
      expect(top.tokenId).toBe(full.tokenId);
      expect(top.confidence).toBeCloseTo(full.confidence, 5);
    }
  });
  it("samples exactly the Gumbel-max over every token although it skips tokens that cannot win", () => {
    // A wide spread (logits from −60 to 20) makes most tokens skippable at temperature 1.
    const logits = Float32Array.from({ length: 400 }, (_, id) => Math.sin(id * 0.7) * 40 - 20);
    for (const temperature of [0.5, 1, 4])
      for (let seed = 0; seed < 40; seed += 1) {
        const noiseSeed = createSeededRandom(seed).int(4294967296);
        let expected = -1;
        let expectedScore = Number.NEGATIVE_INFINITY;
        logits.forEach((value, tokenId) => {
          const score = value / temperature + gumbelNoise({ seed: noiseSeed, tokenId });
          if (tokenId !== MASK && score > expectedScore) {
            expected = tokenId;
            expectedScore = score;
          }
        });
        const { tokenId } = scorePosition({
          distribution: { kind: "logits", logits },
          maskTokenId: MASK,
          settings: { remasking: "low_confidence", temperature },
          random: createSeededRandom(seed),
        });
        expect(tokenId).toBe(expected);
      }
  });

  it("bounds the Gumbel noise", () => {
    const largest = Math.max(...Array.from({ length: 5000 }, (_, tokenId) => gumbelNoise({ seed: 7, tokenId })));
    expect(largest).toBeLessThan(gumbelNoiseBound);
    expect(gumbelNoiseBound).toBeCloseTo(22.87, 2);
  });
});

describe("toTopK", () => {
  it("returns the k largest as normalised log-probabilities, best first", () => {
    const result = toTopK({ logits: Float32Array.from([0, 3, 1, 3, 2]), k: 3 });
    expect(Array.from(result.tokenIds)).toEqual([1, 3, 4]);
    const logZ = Math.log([0, 3, 1, 3, 2].reduce((sum, value) => sum + Math.exp(value), 0));
    expect(result.logProbs[0]).toBeCloseTo(3 - logZ, 5);
    expect(result.logProbs[2]).toBeCloseTo(2 - logZ, 5);
  });
});
