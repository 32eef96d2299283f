import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import { createSeededRandom } from "../internal/seeded-random.js";
import type { DiffusionSettings } from "../spec/proposer.js";
import { describeMaskPredictorConformance } from "../testing/mask-predictor-conformance.js";
import { createOnnxMaskPredictor, type OnnxMaskPredictor } from "./create-onnx-mask-predictor.js";
import { denoise } from "./denoise.js";
import { toTopK } from "./to-top-k.js";

const fixture = join(import.meta.dirname, "..", "..", "test", "fixtures", "tiny-mlm");

describeMaskPredictorConformance("onnx (tiny-mlm fixture)", () =>
  createOnnxMaskPredictor({ directory: fixture, intraOpThreads: 1 }),
);

describe("createOnnxMaskPredictor", () => {
  let predictor: OnnxMaskPredictor;
  let scratch: string;
  beforeAll(async () => {
    predictor = await createOnnxMaskPredictor({ directory: fixture, intraOpThreads: 1 });
    scratch = await mkdtemp(join(tmpdir(), "dlmpo-onnx-"));
  });
  afterAll(async () => {
    await predictor.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it("reads ids, sizes and the tokenizer from the model directory", () => {
    expect(predictor.modelId).toBe("tiny-mlm-fixture");
    expect(predictor.tokenizer.tokenToId("[MASK]")).toBe(predictor.maskTokenId);
    expect(predictor.tokenizer.tokenToId("[END]")).toBe(predictor.endTokenId);
    expect(predictor.tokenizer.decode(predictor.tokenizer.encode("You are a helpful assistant."))).toBe(
      "you are a helpful assistant.",
    );
  });

  it("predicts the trained phrase for masked words", async () => {
    const ids = predictor.tokenizer.encode("you are a helpful assistant .");
    ids[3] = predictor.maskTokenId;
    const result = await predictor.doPredict({ sequences: [ids], positions: [[3]], topK: 1 });
    const [distribution] = result.distributions[0] ?? [];
    expect(distribution?.kind === "top-k" ? distribution.tokenIds[0] : undefined).toBe(
      predictor.tokenizer.tokenToId("helpful"),
    );
  });

  it("rejects token ids outside the vocabulary naming the field", async () => {
    await expect(predictor.doPredict({ sequences: [[0, 9999]], positions: [[0]] })).rejects.toThrow(
      /sequences\[0\]\[1\]/,
    );
  });

  it("takes top-k natively, equal to top-k of its full logits", async () => {
    expect(predictor.prefersTopK).toBe(true);
    const ids = [
      ...predictor.tokenizer.encode("you are a careful agent . always"),
      ...Array(20).fill(predictor.maskTokenId),
    ];
    const positions = [[7, 12, 26, 3]];
    const full = await predictor.doPredict({ sequences: [ids], positions });
    const top = await predictor.doPredict({ sequences: [ids], positions, topK: 5 });
    full.distributions[0]?.forEach((distribution, index) => {
      if (distribution.kind !== "logits") throw new Error("expected full logits");
      const expected = toTopK({ logits: distribution.logits, k: 5 });
      const actual = top.distributions[0]?.[index];
      if (actual?.kind !== "top-k") throw new Error("expected top-k");
      expect(Array.from(actual.tokenIds)).toEqual(Array.from(expected.tokenIds));
      actual.logProbs.forEach((logProbability, rank) => {
        expect(Math.abs(logProbability - (expected.logProbs[rank] ?? 0))).toBeLessThan(1e-6);
      });
    });
  });

  it("commits the same tokens from native top-k as from full logits", async () => {
    const tokens = [
      ...predictor.tokenizer.encode("you are a helpful assistant ."),
      ...Array(40).fill(predictor.maskTokenId),
    ];
    const fullLogits = { ...predictor, prefersTopK: false };
    const settings: DiffusionSettings[] = [
      { steps: 40, remasking: "low_confidence", temperature: 0, cfgScale: 0 },
      { steps: 40, remasking: "margin", temperature: 0, cfgScale: 0, threshold: 0.7 },
      { steps: 20, remasking: "low_confidence", temperature: 0, cfgScale: 0, blockLength: 8, threshold: 0.9 },
    ];
    for (const setting of settings) {
      const native = await denoise({ predictor, tokens, settings: setting, random: createSeededRandom(3) });
      const full = await denoise({ predictor: fullLogits, tokens, settings: setting, random: createSeededRandom(3) });
      const committed = (result: typeof native) =>
        result.steps.map((step) => step.committed.map((entry) => [entry.position, entry.tokenId]));
      expect(committed(native)).toEqual(committed(full));
      expect(native.tokens).not.toContain(predictor.maskTokenId);
    }
  });

  const copyWith = async (name: string, file: string, content: string): Promise<string> => {
    const directory = join(scratch, name);
    await cp(fixture, directory, { recursive: true });
    await writeFile(join(directory, file), content);
    return directory;
  };

  it("names the file when the directory is not a model directory", async () => {
    const error = await createOnnxMaskPredictor({ directory: join(scratch, "missing") }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(String(error)).toContain("config.json");
  });

  it("names the file and field of a bad config.json", async () => {
    const directory = await copyWith(
      "bad-config",
      "config.json",
      JSON.stringify({ ...predictor.config, maskTokenId: "x" }),
    );
    const error = await createOnnxMaskPredictor({ directory }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(String(error)).toMatch(/config\.json, field "maskTokenId"/);
  });

  it("names the config field of an input the model lacks", async () => {
    const config = { ...predictor.config, inputNames: { inputIds: "tokens", attentionMask: null } };
    const directory = await copyWith("bad-input", "config.json", JSON.stringify(config));
    await expect(createOnnxMaskPredictor({ directory })).rejects.toThrow(/field "inputNames\.inputIds"/);
  });

  it("refuses a model that needs an input the config does not name", async () => {
    const config = { ...predictor.config, inputNames: { inputIds: "input_ids", attentionMask: null } };
    const directory = await copyWith("unnamed-input", "config.json", JSON.stringify(config));
    await expect(createOnnxMaskPredictor({ directory })).rejects.toThrow(/field "inputNames".*"attention_mask"/);
  });

  it("names tokenizer.json when it is not a tokenizer", async () => {
    const directory = await copyWith("bad-tokenizer", "tokenizer.json", JSON.stringify({ hello: 1 }));
    await expect(createOnnxMaskPredictor({ directory })).rejects.toThrow(/tokenizer\.json/);
  });
});
