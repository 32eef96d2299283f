import { describe, expect, it } from "vitest";
import { createTableMaskPredictor } from "../testing/table-mask-predictor.js";
import { biasTokenLogits } from "./bias-token-logits.js";

const vocabulary = ["[PAD]", "[MASK]", "[END]", "yes", "no"];
const table = () => createTableMaskPredictor({ vocabulary, logitsAt: () => [0, 0, 3, 2, 1] });

describe("biasTokenLogits", () => {
  it("shifts the chosen tokens' logits and leaves the rest", async () => {
    const biased = biasTokenLogits({ predictor: table(), biases: new Map([[2, -5]]) });
    const result = await biased.doPredict({ sequences: [[1, 3]], positions: [[0]] });
    const distribution = result.distributions[0]?.[0];
    expect(distribution?.kind === "logits" ? [...distribution.logits] : []).toEqual([0, 0, -2, 2, 1]);
  });

  it("renormalises a top-k list to the probabilities of the biased full logits", async () => {
    const biased = biasTokenLogits({ predictor: table(), biases: new Map([[2, -2]]) });
    const ask = { sequences: [[1, 3]], positions: [[0]] };
    const full = (await biased.doPredict(ask)).distributions[0]?.[0];
    const top = (await biased.doPredict({ ...ask, topK: 3 })).distributions[0]?.[0];
    if (full?.kind !== "logits" || top?.kind !== "top-k") throw new Error("expected logits and top-k");
    const logits = [...full.logits];
    const logNormalizer = Math.log(logits.reduce((sum, value) => sum + Math.exp(value), 0));
    expect([...top.tokenIds]).toEqual([3, 2, 4]);
    top.tokenIds.forEach((tokenId, index) => {
      expect(top.logProbs[index]).toBeCloseTo((logits[tokenId] ?? 0) - logNormalizer, 5);
    });
  });

  it("returns the predictor itself when there is nothing to bias", () => {
    const predictor = table();
    expect(biasTokenLogits({ predictor, biases: new Map() })).toBe(predictor);
  });
});
