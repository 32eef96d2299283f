import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { describeMaskPredictorConformance } from "../testing/mask-predictor-conformance.js";
import { createBuiltinMaskPredictor } from "./builtin-mask-predictor.js";
import { builtinModelDirectory, builtinProposerModelDirectory } from "./builtin-model-directory.js";
import { createBuiltinTargetModel } from "./builtin-target-model.js";
import type { OnnxMaskPredictor } from "./create-onnx-mask-predictor.js";

describeMaskPredictorConformance("onnx (built-in model)", () => createBuiltinMaskPredictor({ intraOpThreads: 1 }));

const seedPrompt = "Classify the sentiment of the movie review. Answer with exactly one word: positive or negative.";

describe("createBuiltinMaskPredictor", () => {
  let predictor: OnnxMaskPredictor;
  let scratch: string;
  beforeAll(async () => {
    predictor = await createBuiltinMaskPredictor({ intraOpThreads: 1 });
    scratch = await mkdtemp(join(tmpdir(), "dlmpo-builtin-"));
  });
  afterAll(async () => {
    await predictor.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it("finds the shipped model directory from its own location", () => {
    expect(builtinModelDirectory()).toBe(join(import.meta.dirname, "..", "..", "models", "builtin"));
    expect(predictor.modelId).toMatch(/^dlmpo-builtin-/);
  });

  it("loads the proposer model from models/builtin-dlm with the same token ids as the target's model", async () => {
    expect(builtinProposerModelDirectory()).toBe(join(import.meta.dirname, "..", "..", "models", "builtin-dlm"));
    const proposerModel = await createBuiltinMaskPredictor({
      directory: builtinProposerModelDirectory(),
      intraOpThreads: 1,
    });
    try {
      expect(proposerModel.modelId).toMatch(/^dlmpo-builtin-dlm-/);
      expect(proposerModel.modelId).not.toBe(predictor.modelId);
      expect(proposerModel.tokenizer.encode(seedPrompt)).toEqual(predictor.tokenizer.encode(seedPrompt));
      expect(proposerModel.maskTokenId).toBe(predictor.maskTokenId);
      expect(proposerModel.endTokenId).toBe(predictor.endTokenId);
    } finally {
      await proposerModel.close();
    }
  });

  it("round-trips text exactly, spacing and newlines included", () => {
    const text = "### Prompt\nYou are a helpful  assistant. Answer: positive , or (maybe) negative!\n\tDone.";
    const ids = predictor.tokenizer.encode(text);
    expect(ids).not.toContain(predictor.tokenizer.tokenToId("[UNK]"));
    expect(predictor.tokenizer.decode(ids)).toBe(text);
  });

  it("declares its mask and end tokens in the tokenizer", () => {
    expect(predictor.tokenizer.tokenToId("[MASK]")).toBe(predictor.maskTokenId);
    expect(predictor.tokenizer.tokenToId("[END]")).toBe(predictor.endTokenId);
  });

  it("answers the built-in target's cloze with label words, the same way every time", async () => {
    const model = createBuiltinTargetModel({ predictor });
    const reviews = [
      "Review: a moving , beautifully acted and thoroughly enjoyable film .",
      "Review: a dull , lifeless and painfully boring mess .",
    ];
    const answers: string[] = [];
    for (const prompt of [...reviews, ...reviews])
      answers.push((await generateText({ model, system: seedPrompt, prompt })).text);
    expect(answers.slice(2)).toEqual(answers.slice(0, 2));
    // The first word is the label; the small model may repeat it in the spare slots instead of ending.
    expect(answers.slice(0, 2).map((answer) => answer.split(" ")[0])).toEqual(["positive", "negative"]);
  });

  it("says where the model should be when the directory is empty", async () => {
    await expect(createBuiltinMaskPredictor({ directory: scratch })).rejects.toSatisfy(
      (error: unknown) => DlmpoError.is(error) && error.code === "not-found" && error.message.includes(scratch),
    );
  });
});
