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

  it("shifts top-k log-probabilities by token id", async () => {
    const biased = biasTokenLogits({ predictor: table(), biases: new Map([[3, -1]]) });
    const result = await biased.doPredict({ sequences: [[1, 3]], positions: [[0]], topK: 2 });
    const distribution = result.distributions[0]?.[0];
    if (distribution?.kind !== "top-k") throw new Error("expected top-k");
    const before = (await table().doPredict({ sequences: [[1, 3]], positions: [[0]], topK: 2 })).distributions[0]?.[0];
    if (before?.kind !== "top-k") throw new Error("expected top-k");
    expect([...distribution.tokenIds]).toEqual([...before.tokenIds]);
    const index = [...distribution.tokenIds].indexOf(3);
    expect(distribution.logProbs[index]).toBeCloseTo((before.logProbs[index] ?? 0) - 1, 5);
  });

  it("returns the predictor itself when there is nothing to bias", () => {
    const predictor = table();
    expect(biasTokenLogits({ predictor, biases: new Map() })).toBe(predictor);
  });
});
