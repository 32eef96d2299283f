import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MaskPredictor, PositionDistribution } from "../spec/mask-predictor.js";

/**
 * The shared conformance suite every `MaskPredictor` backend must pass (STYLE.md): metadata in range, result shape,
 * determinism, a batch equal to its sequences predicted one by one, top-k consistent with full logits, and bad input
 * refused. `create` is called once; the predictor's `close()` (if any) runs after the suite, so fold any server
 * teardown into it.
 *
 * @param name label of the `describe` block, e.g. "onnx (tiny-mlm fixture)".
 * @param create builds the predictor under test.
 */
export function describeMaskPredictorConformance(name: string, create: () => Promise<MaskPredictor>): void {
  describe(`MaskPredictor conformance: ${name}`, () => {
    let predictor: MaskPredictor;
    let sequences: number[][];
    beforeAll(async () => {
      predictor = await create();
      sequences = sampleSequences(predictor);
    });
    afterAll(async () => {
      await predictor?.close?.();
    });

    it("declares ids and sizes in range", () => {
      expect(predictor.specificationVersion).toBe("v1");
      expect(predictor.modelId.length).toBeGreaterThan(0);
      expect(predictor.vocabSize).toBeGreaterThan(2);
      expect(predictor.contextLength).toBeGreaterThan(8);
      for (const id of [predictor.maskTokenId, predictor.endTokenId]) {
        expect(Number.isInteger(id)).toBe(true);
        expect(id).toBeGreaterThanOrEqual(0);
        expect(id).toBeLessThan(predictor.vocabSize);
      }
      const ids = predictor.tokenizer.encode("you are a helpful assistant");
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect(id).toBeLessThan(predictor.vocabSize);
      expect(predictor.tokenizer.decode(ids).length).toBeGreaterThan(0);
    });

    it("returns one finite logits vector of vocabSize per asked position", async () => {
      const positions = [
        [1, 3],
        [0, 2, 5],
      ];
      const result = await predictor.doPredict({ sequences, positions });
      expect(result.distributions.map((row) => row.length)).toEqual([2, 3]);
      for (const distribution of result.distributions.flat()) {
        expect(distribution.kind).toBe("logits");
        const logits = logitsOf(distribution);
        expect(logits).toHaveLength(predictor.vocabSize);
        expect(logits.some((value) => Number.isNaN(value))).toBe(false);
      }
    });

    it("answers an empty list of positions with no distributions", async () => {
      const result = await predictor.doPredict({ sequences, positions: [[], [4]] });
      expect(result.distributions.map((row) => row.length)).toEqual([0, 1]);
    });

    it("is deterministic", async () => {
      const first = await predictor.doPredict({ sequences, positions: [[1], [2]] });
      const second = await predictor.doPredict({ sequences, positions: [[1], [2]] });
      expect(second.distributions.flat().map(logitsOf)).toEqual(first.distributions.flat().map(logitsOf));
    });

    it("predicts a batch as it predicts each sequence alone", async () => {
      const batch = await predictor.doPredict({ sequences, positions: [[1, 3], [2]] });
      const alone = await Promise.all([
        predictor.doPredict({ sequences: [sequences[0] ?? []], positions: [[1, 3]] }),
        predictor.doPredict({ sequences: [sequences[1] ?? []], positions: [[2]] }),
      ]);
      const batched = batch.distributions.flat().map(logitsOf);
      const single = alone.flatMap((result) => result.distributions.flat()).map(logitsOf);
      for (const [index, logits] of batched.entries()) expectClose(logits, single[index] ?? [], 1e-4);
    });

    it("returns top-k log-probabilities consistent with the full logits", async () => {
      const k = Math.min(5, predictor.vocabSize);
      const [full, top] = await Promise.all([
        predictor.doPredict({ sequences, positions: [[1], [2]] }),
        predictor.doPredict({ sequences, positions: [[1], [2]], topK: k }),
      ]);
      full.distributions.flat().forEach((distribution, index) => {
        const logits = logitsOf(distribution);
        const maximum = Math.max(...logits);
        const logNormalizer = maximum + Math.log(logits.reduce((sum, value) => sum + Math.exp(value - maximum), 0));
        const topK = top.distributions.flat()[index];
        if (topK?.kind !== "top-k") throw new Error(`expected a top-k distribution, got ${topK?.kind}`);
        expect(topK.tokenIds).toHaveLength(k);
        const expectedIds = logits.map((value, id) => ({ value, id })).sort((a, b) => b.value - a.value || a.id - b.id);
        expect(Array.from(topK.tokenIds)).toEqual(expectedIds.slice(0, k).map((entry) => entry.id));
        Array.from(topK.tokenIds).forEach((id, rank) => {
          expect(topK.logProbs[rank]).toBeCloseTo((logits[id] ?? 0) - logNormalizer, 3);
        });
      });
    });

    it("refuses sequences of unequal length", async () => {
      const ragged = [sequences[0] ?? [], (sequences[1] ?? []).slice(1)];
      await expect(predictor.doPredict({ sequences: ragged, positions: [[1], [1]] })).rejects.toThrow(/same length/);
    });
  });
}

/** Two sequences of length 8 from the predictor's own tokenizer, with masks in the middle. */
function sampleSequences(predictor: MaskPredictor): number[][] {
  const texts = ["you are a helpful assistant . answer the question", "the agent follows the policy and asks the user"];
  return texts.map((text, row) => {
    const ids = predictor.tokenizer.encode(text).slice(0, 8);
    while (ids.length < 8) ids.push(predictor.endTokenId);
    ids[row + 1] = predictor.maskTokenId;
    ids[row + 3] = predictor.maskTokenId;
    return ids;
  });
}

function logitsOf(distribution: PositionDistribution): number[] {
  if (distribution.kind !== "logits") throw new Error(`expected full logits, got ${distribution.kind}`);
  return Array.from(distribution.logits);
}

function expectClose(actual: readonly number[], expected: readonly number[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  const worst = actual.reduce((most, value, index) => Math.max(most, Math.abs(value - (expected[index] ?? 0))), 0);
  expect(worst).toBeLessThanOrEqual(tolerance);
}
