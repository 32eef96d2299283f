import { describe, expect, it } from "vitest";
import { combineGuidance } from "./combine-guidance.js";

describe("combineGuidance", () => {
  it("combines full logits element-wise", () => {
    const result = combineGuidance({
      conditional: { kind: "logits", logits: Float32Array.from([1, 0.9]) },
      unconditional: { kind: "logits", logits: Float32Array.from([2, 0]) },
      scale: 1,
    });
    expect(result.kind === "logits" ? Array.from(result.logits) : []).toEqual([0, expect.closeTo(1.8, 5)]);
  });

  it("combines top-k lists over the union of their ids and renormalises", () => {
    const result = combineGuidance({
      conditional: {
        kind: "top-k",
        tokenIds: Int32Array.from([5, 6]),
        logProbs: Float32Array.from([Math.log(0.6), Math.log(0.3)]),
      },
      unconditional: {
        kind: "top-k",
        tokenIds: Int32Array.from([6, 7]),
        logProbs: Float32Array.from([Math.log(0.7), Math.log(0.2)]),
      },
      scale: 2,
    });
    if (result.kind !== "top-k") throw new Error("expected top-k");
    expect(Array.from(result.tokenIds).sort()).toEqual([5, 6, 7]);
    expect(Array.from(result.logProbs).reduce((sum, value) => sum + Math.exp(value), 0)).toBeCloseTo(1, 5);
    // Token 5 is missing from the uncond list (floor 0.2) and strongly favoured by the cond one, so guidance ranks it first.
    expect(result.tokenIds[0]).toBe(5);
  });
});
