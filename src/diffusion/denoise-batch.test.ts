import { describe, expect, it } from "vitest";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import { createSeededRandom } from "../internal/seeded-random.js";
import type { DiffusionSettings } from "../spec/proposer.js";
import { createTableMaskPredictor, type TableLookup } from "../testing/table-mask-predictor.js";
import { denoise } from "./denoise.js";
import { denoiseBatch } from "./denoise-batch.js";

const MASK = 1;
const END = 2;
const VOCAB = 16;
const base: DiffusionSettings = { steps: 4, remasking: "low_confidence", temperature: 0, cfgScale: 0 };

/** Logits whose softmax is exactly `probabilities` (missing tokens get ~0). */
function fromProbabilities(probabilities: Record<number, number>): number[] {
  return Array.from({ length: VOCAB }, (_, id) => Math.log(probabilities[id] ?? 1e-9));
}

/** Token 3 + position with a confidence that grows with `strength(position)`. */
function ranked(strength: (position: number) => number): (lookup: TableLookup) => number[] {
  return ({ position }) =>
    Array.from({ length: VOCAB }, (_, id) => (id === 3 + (position % 13) ? strength(position) : 0));
}

const commitOrder = (steps: readonly { committed: readonly { position: number }[] }[]): number[] =>
  steps.flatMap((step) => step.committed.map((entry) => entry.position));

describe("denoiseBatch", () => {
  it("commits masks remaining ÷ steps remaining per step, counts differing by at most one", async () => {
    const predictor = createTableMaskPredictor({ logitsAt: ranked(() => 4) });
    const result = await denoise({
      predictor,
      tokens: Array(10).fill(MASK),
      settings: base,
      random: createSeededRandom(1),
    });
    expect(result.steps.map((step) => step.committed.length)).toEqual([3, 3, 2, 2]);
    expect(result.forwardPasses).toBe(4);
    expect(predictor.calls).toHaveLength(4);
    expect(result.tokens).not.toContain(MASK);
  });

  it("stops early when there are fewer masks than steps", async () => {
    const predictor = createTableMaskPredictor({ logitsAt: ranked(() => 4) });
    const result = await denoise({
      predictor,
      tokens: [MASK, MASK, MASK],
      settings: { ...base, steps: 8 },
      random: createSeededRandom(1),
    });
    expect(result.steps.map((step) => step.committed.length)).toEqual([1, 1, 1]);
    expect(result.forwardPasses).toBe(3);
  });

  it("fills only the masks, wherever they sit, with the predicted tokens", async () => {
    const predictor = createTableMaskPredictor({ logitsAt: ranked(() => 4) });
    const tokens = [7, MASK, MASK, 9, MASK, 11];
    const result = await denoise({ predictor, tokens, settings: { ...base, steps: 3 }, random: createSeededRandom(1) });
    expect(result.tokens).toEqual([7, 4, 5, 9, 7, 11]);
    expect(predictor.calls[0]?.positions).toEqual([[1, 2, 4]]);
  });

  it("commits the most probable positions first under low_confidence", async () => {
    const strengths = [1, 5, 3, 4, 2];
    const predictor = createTableMaskPredictor({ logitsAt: ranked((position) => strengths[position] ?? 0) });
    const result = await denoise({
      predictor,
      tokens: Array(5).fill(MASK),
      settings: { ...base, steps: 5 },
      random: createSeededRandom(1),
    });
    expect(commitOrder(result.steps)).toEqual([1, 3, 2, 4, 0]);
  });

  it("ranks by top-1 minus top-2 probability under margin", async () => {
    // Position 0: likely but contested; position 1: less likely but clear.
    const table = [
      fromProbabilities({ 3: 0.5, 4: 0.45, 5: 0.05 }),
      fromProbabilities({ 6: 0.4, 7: 0.1, 8: 0.5 / 3, 9: 0.5 / 3, 10: 0.5 / 3 }),
    ];
    const run = async (remasking: DiffusionSettings["remasking"]) => {
      const predictor = createTableMaskPredictor({ logitsAt: ({ position }) => table[position] ?? [] });
      const result = await denoise({
        predictor,
        tokens: [MASK, MASK],
        settings: { ...base, steps: 2, remasking },
        random: createSeededRandom(1),
      });
      return commitOrder(result.steps);
    };
    expect(await run("low_confidence")).toEqual([0, 1]);
    expect(await run("margin")).toEqual([1, 0]);
  });

  it("ranks by negative entropy under entropy", async () => {
    // Position 0: a clear favourite among many; position 1: a coin flip between two (lower entropy).
    const spread = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [4 + i, 0.4 / 12]));
    const table = [fromProbabilities({ 3: 0.6, ...spread }), fromProbabilities({ 3: 0.5, 4: 0.5 })];
    const run = async (remasking: DiffusionSettings["remasking"]) => {
      const predictor = createTableMaskPredictor({ logitsAt: ({ position }) => table[position] ?? [] });
      const result = await denoise({
        predictor,
        tokens: [MASK, MASK],
        settings: { ...base, steps: 2, remasking },
        random: createSeededRandom(1),
      });
      return commitOrder(result.steps);
    };
    expect(await run("low_confidence")).toEqual([0, 1]);
    expect(await run("entropy")).toEqual([1, 0]);
  });

  it("orders by seeded random draws under random remasking", async () => {
    const run = async (seed: number) => {
      const predictor = createTableMaskPredictor({ logitsAt: ranked(() => 4) });
      const result = await denoise({
        predictor,
        tokens: Array(6).fill(MASK),
        settings: { ...base, steps: 6, remasking: "random" },
        random: createSeededRandom(seed),
      });
      return commitOrder(result.steps);
    };
    const orders = await Promise.all([1, 2, 3, 4].map(run));
    expect(await run(1)).toEqual(orders[0]);
    expect(new Set(orders.map((order) => order.join(","))).size).toBeGreaterThan(1);
    for (const order of orders) expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("never predicts the mask token", async () => {
    const predictor = createTableMaskPredictor({
      logitsAt: () => Array.from({ length: VOCAB }, (_, id) => (id === MASK ? 9 : id === 5 ? 3 : 0)),
    });
    const result = await denoise({
      predictor,
      tokens: [MASK, MASK],
      settings: { ...base, steps: 2, temperature: 0.5 },
      random: createSeededRandom(3),
    });
    expect(result.tokens).not.toContain(MASK);
  });

  it("works through blocks left to right over the masked positions", async () => {
    // Rightmost positions are the most confident, so only the blocks keep the order left to right.
    const predictor = createTableMaskPredictor({ logitsAt: ranked((position) => position) });
    const tokens = [4, MASK, MASK, 4, 4, MASK, MASK, MASK, 4, MASK];
    const result = await denoise({
      predictor,
      tokens,
      settings: { ...base, steps: 6, blockLength: 2 },
      random: createSeededRandom(1),
    });
    expect(result.steps.map((step) => step.block)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(commitOrder(result.steps)).toEqual([2, 1, 6, 5, 9, 7]);
    expect(predictor.calls.map((call) => call.positions[0])).toEqual([[1, 2], [1], [5, 6], [5], [7, 9], [7]]);
  });

  it("spreads steps evenly over blocks, at least one each", async () => {
    const predictor = createTableMaskPredictor({ logitsAt: ranked(() => 4) });
    const result = await denoise({
      predictor,
      tokens: Array(9).fill(MASK),
      settings: { ...base, steps: 2, blockLength: 3 },
      random: createSeededRandom(1),
    });
    expect(result.steps.map((step) => [step.block, step.committed.length])).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    expect(result.tokens).not.toContain(MASK);
  });

  it("commits every position at or above the threshold, and at least the schedule", async () => {
    const strong = new Set([0, 3, 4, 7]);
    const predictor = createTableMaskPredictor({ logitsAt: ranked((position) => (strong.has(position) ? 20 : 0.1)) });
    const result = await denoise({
      predictor,
      tokens: Array(8).fill(MASK),
      settings: { ...base, steps: 8, threshold: 0.9 },
      random: createSeededRandom(1),
    });
    expect(result.steps[0]?.committed.map((entry) => entry.position).sort()).toEqual([0, 3, 4, 7]);
    expect(result.steps.slice(1).every((step) => step.committed.length === 1)).toBe(true);
    expect(result.forwardPasses).toBe(5);
    expect(result.tokens).not.toContain(MASK);
  });

  it("commits one per step when nothing reaches the threshold", async () => {
    const predictor = createTableMaskPredictor({ logitsAt: ranked(() => 0.1) });
    const result = await denoise({
      predictor,
      tokens: Array(5).fill(MASK),
      settings: { ...base, steps: 5, threshold: 0.99 },
      random: createSeededRandom(1),
    });
    expect(result.forwardPasses).toBe(5);
  });

  it("combines cond and uncond logits as uncond + (s + 1)(cond − uncond) in one batched call", async () => {
    // Conditioning token at position 0; the uncond pass sees it masked.
    const logitsAt = ({ sequence }: TableLookup) =>
      Array.from({ length: VOCAB }, (_, id) => {
        if (sequence[0] === MASK) return id === 3 ? 2 : 0;
        return id === 3 ? 1 : id === 4 ? 0.9 : 0;
      });
    const run = async (cfgScale: number, topK?: number) => {
      const predictor = createTableMaskPredictor({ logitsAt });
      const result = await denoise({
        predictor,
        tokens: [5, MASK],
        settings: { ...base, steps: 1, cfgScale },
        conditioningRange: { start: 0, end: 1 },
        topK,
        random: createSeededRandom(1),
      });
      return { token: result.tokens[1], calls: predictor.calls };
    };
    expect((await run(0)).token).toBe(3);
    const guided = await run(1);
    expect(guided.token).toBe(4);
    expect(guided.calls).toHaveLength(1);
    expect(guided.calls[0]?.sequences).toEqual([
      [5, MASK],
      [MASK, MASK],
    ]);
    expect((await run(1, 4)).token).toBe(4);
  });

  it("warns and runs unguided when cfgScale is set without a conditioning range", async () => {
    const predictor = createTableMaskPredictor({ logitsAt: ranked(() => 4) });
    const result = await denoise({
      predictor,
      tokens: [MASK],
      settings: { ...base, cfgScale: 2 },
      random: createSeededRandom(1),
    });
    expect(result.warnings).toEqual(["cfgScale ignored: no conditioningRange was given."]);
    expect(predictor.calls[0]?.sequences).toHaveLength(1);
  });

  it("gives the same tokens from top-k distributions as from full logits", async () => {
    const logitsAt = ({ position }: TableLookup) =>
      Array.from({ length: VOCAB }, (_, id) => Math.sin(id * 7 + position * 3));
    const run = async (topK?: number) =>
      denoise({
        predictor: createTableMaskPredictor({ logitsAt }),
        tokens: Array(6).fill(MASK),
        settings: { ...base, steps: 3 },
        topK,
        random: createSeededRandom(1),
      });
    const [full, topK] = await Promise.all([run(), run(4)]);
    expect(topK.tokens).toEqual(full.tokens);
    expect(commitOrder(topK.steps)).toEqual(commitOrder(full.steps));
  });

  it("is deterministic for a seed when sampling at a temperature", async () => {
    const run = async (seed: number) =>
      (
        await denoise({
          predictor: createTableMaskPredictor({ logitsAt: () => Array(VOCAB).fill(0) }),
          tokens: Array(8).fill(MASK),
          settings: { ...base, temperature: 1 },
          random: createSeededRandom(seed),
        })
      ).tokens;
    expect(await run(5)).toEqual(await run(5));
    expect(await run(5)).not.toEqual(await run(6));
  });

  it("makes one doPredict per step for a whole batch and matches single runs", async () => {
    const predictor = createTableMaskPredictor({ logitsAt: ranked((position) => position + 1) });
    const sequences = [
      [MASK, MASK, 4, MASK],
      [5, MASK, MASK, MASK],
      [MASK, 6, 7, MASK],
    ];
    const batch = await denoiseBatch({
      predictor,
      sequences,
      settings: { ...base, steps: 3 },
      random: createSeededRandom(1),
    });
    expect(batch.forwardPasses).toBe(3);
    expect(predictor.calls).toHaveLength(3);
    expect(predictor.calls[0]?.sequences).toHaveLength(3);
    for (const [index, sequence] of sequences.entries()) {
      const single = await denoise({
        predictor,
        tokens: sequence,
        settings: { ...base, steps: 3 },
        random: createSeededRandom(1),
      });
      expect(batch.results[index]?.tokens).toEqual(single.tokens);
    }
  });

  it("gives a sequence the same sample whatever else is in the batch", async () => {
    const settings = { ...base, temperature: 1, remasking: "random" as const };
    const predictor = createTableMaskPredictor({ logitsAt: () => Array(VOCAB).fill(0) });
    const alone = await denoiseBatch({
      predictor,
      sequences: [Array(6).fill(MASK)],
      settings,
      random: createSeededRandom(9),
    });
    const together = await denoiseBatch({
      predictor,
      sequences: [Array(6).fill(MASK), Array(6).fill(MASK)],
      settings,
      random: createSeededRandom(9),
    });
    expect(together.results[0]?.tokens).toEqual(alone.results[0]?.tokens);
    expect(together.results[1]?.tokens).not.toEqual(alone.results[0]?.tokens);
  });

  it("keeps end tokens the model predicts", async () => {
    const predictor = createTableMaskPredictor({
      logitsAt: ({ position }) => Array.from({ length: VOCAB }, (_, id) => (id === (position > 1 ? END : 3) ? 5 : 0)),
    });
    const result = await denoise({
      predictor,
      tokens: Array(4).fill(MASK),
      settings: base,
      random: createSeededRandom(1),
    });
    expect(result.tokens).toEqual([3, 3, END, END]);
  });

  it("refuses sequences longer than the context, saying by how much", async () => {
    const predictor = createTableMaskPredictor({ logitsAt: ranked(() => 1), contextLength: 4 });
    const error = await denoise({
      predictor,
      tokens: Array(6).fill(MASK),
      settings: base,
      random: createSeededRandom(1),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DlmpoError);
    expect(error).toMatchObject({ code: "context-length" });
    expect(String(error)).toContain("6 tokens, 2 more");
  });

  it("rejects bad settings naming the field", async () => {
    const predictor = createTableMaskPredictor({ logitsAt: ranked(() => 1) });
    const error = await denoise({
      predictor,
      tokens: [MASK],
      settings: { ...base, steps: 0 },
      random: createSeededRandom(1),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(String(error)).toContain('field "diffusion.steps"');
  });

  it("stops with an aborted error when the signal fires", async () => {
    const predictor = createTableMaskPredictor({ logitsAt: ranked(() => 1) });
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    const error = await denoise({
      predictor,
      tokens: [MASK, MASK],
      settings: base,
      random: createSeededRandom(1),
      abortSignal: controller.signal,
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "aborted" });
    expect(predictor.calls).toHaveLength(0);
  });

  it("asks a predictor that prefers top-k for the top 3 when the settings need only the best tokens", async () => {
    const table = createTableMaskPredictor({ logitsAt: ranked((position) => position + 1) });
    const tokens = [5, MASK, MASK, MASK];
    const askedTopK = async (settings: DiffusionSettings, topK?: number) => {
      table.calls.length = 0;
      const predictor = { ...table, prefersTopK: true };
      const conditioningRange = { start: 0, end: 1 };
      const result = await denoise({
        predictor,
        tokens,
        settings,
        random: createSeededRandom(1),
        conditioningRange,
        topK,
      });
      return { topK: table.calls.map((call) => call.topK), tokens: result.tokens };
    };
    const none = [undefined, undefined, undefined];
    const topK = await askedTopK(base);
    expect(topK.topK).toEqual([3, 3, 3]);
    expect((await askedTopK({ ...base, remasking: "margin" })).topK).toEqual([3, 3, 3]);
    expect((await askedTopK({ ...base, temperature: 1 })).topK).toEqual(none);
    expect((await askedTopK({ ...base, remasking: "entropy" })).topK).toEqual(none);
    expect((await askedTopK({ ...base, cfgScale: 1 })).topK).toEqual(none);
    expect((await askedTopK(base, 8)).topK).toEqual([8, 8, 8]);
    const full = await denoise({ predictor: table, tokens, settings: base, random: createSeededRandom(1) });
    expect(topK.tokens).toEqual(full.tokens);
  });
});
