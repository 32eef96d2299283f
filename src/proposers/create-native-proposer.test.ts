import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createOnnxMaskPredictor } from "../diffusion/create-onnx-mask-predictor.js";
import { DlmpoError } from "../errors/dlmpo-error.js";
import type { DiffusionSettings, MaskedSpan } from "../spec/proposer.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { createTableMaskPredictor, type TableLookup } from "../testing/table-mask-predictor.js";
import { createNativeProposer } from "./create-native-proposer.js";
import { chatInfillInstruction } from "./layout-native-infill.js";
import { layoutPlainInfill } from "./layout-plain-infill.js";

const prompt = "always be kind. never lie.";
const sentenceZero: MaskedSpan = { start: 0, end: 15, slots: 3, strategy: "sentence" };
const greedy: DiffusionSettings = { steps: 3, remasking: "low_confidence", temperature: 0, cfgScale: 0 };
const template = {
  userPrefix: "<user> ",
  userSuffix: " </user>",
  assistantPrefix: " <assistant> ",
  assistantSuffix: " </assistant>",
};

function vocabularyOf(...texts: string[]): string[] {
  const words = new Set(
    texts
      .join(" ")
      .split(/\s+/)
      .filter((word) => word !== ""),
  );
  return ["[PAD]", "[MASK]", "[END]", ...[...words].filter((word) => !["[PAD]", "[MASK]", "[END]"].includes(word))];
}

const vocabulary = vocabularyOf(
  "### Feedback Prompt",
  prompt,
  "be polite. rude user said hi",
  chatInfillInstruction,
  Object.values(template).join(" "),
);
const idOf = (word: string): number => vocabulary.indexOf(word);

/** "be" after the prompt heading, "polite." after "be", the end token anywhere else (weaker, so order is left to right). */
function politeLogits({ sequence, position }: TableLookup): number[] {
  const logits = vocabulary.map(() => 0);
  const previous = sequence[position - 1];
  if (previous === idOf("Prompt") || previous === idOf("<assistant>")) logits[idOf("be")] = 10;
  else if (previous === idOf("be")) logits[idOf("polite.")] = 10;
  else logits[idOf("[END]")] = 5;
  return logits;
}

const propose = (
  proposer: ReturnType<typeof createNativeProposer>,
  overrides: Partial<Parameters<typeof proposer.propose>[0]> = {},
) =>
  proposer.propose({
    prompt,
    maskedSpans: [sentenceZero],
    conditioning: "user said rude",
    count: 1,
    seed: 1,
    diffusion: greedy,
    runtime: createFakeRuntime(),
    ...overrides,
  });

describe("createNativeProposer", () => {
  it("lays out the plain template with one mask token per slot and conditioning as the CFG range", async () => {
    const predictor = createTableMaskPredictor({ vocabulary, logitsAt: politeLogits });
    await propose(createNativeProposer({ predictor }));
    const first = predictor.calls[0]?.sequences[0] ?? [];
    expect(predictor.tokenizer.decode(first)).toBe(
      layoutPlainInfill({ conditioning: "user said rude", maskedPrompt: "[MASK] [MASK] [MASK] never lie." }).replace(
        /\s+/g,
        " ",
      ),
    );
    expect(predictor.calls[0]?.positions[0]).toEqual([7, 8, 9]);
  });

  it("drops slots decoded to the end token, so the span shrinks", async () => {
    const predictor = createTableMaskPredictor({ vocabulary, logitsAt: politeLogits });
    const result = await propose(createNativeProposer({ predictor }));
    expect(result.candidates).toHaveLength(1);
    expect(result.candidates[0]?.fills).toEqual(["be polite."]);
    expect(result.candidates[0]?.prompt).toBe("be polite. never lie.");
    expect(result.candidates[0]?.cost.forwardPasses).toBe(3);
  });

  it("deletes a span whose slots all decode to the end token", async () => {
    const ending = () => vocabulary.map((word) => (word === "[END]" ? 5 : 0));
    const result = await propose(
      createNativeProposer({ predictor: createTableMaskPredictor({ vocabulary, logitsAt: ending }) }),
    );
    expect(result.candidates[0]?.fills).toEqual([""]);
    expect(result.candidates[0]?.prompt).toBe("never lie.");
  });

  it("rewrites instead of deleting when the end token's logit is biased down", async () => {
    // The end token leads everywhere by 1 nat; "be" and "polite." follow it.
    const endFirst = ({ sequence, position }: TableLookup): number[] =>
      politeLogits({ sequence, position }).map((logit, id) => (id === idOf("[END]") ? 11 : logit));
    const unbiased = createNativeProposer({ predictor: createTableMaskPredictor({ vocabulary, logitsAt: endFirst }) });
    expect((await propose(unbiased)).candidates[0]?.fills).toEqual([""]);
    const biased = createNativeProposer({
      predictor: createTableMaskPredictor({ vocabulary, logitsAt: endFirst }),
      endTokenBias: -8,
    });
    const result = await propose(biased);
    expect(result.candidates[0]?.fills).toEqual(["be polite."]);
    expect(biased.id).toBe("native:table endTokenBias=-8");
  });

  it("drops a candidate whose fill doubles a word, unless the fluency gate is off", async () => {
    const stammer = ({ sequence, position }: TableLookup): number[] => {
      const logits = vocabulary.map(() => 0);
      const previous = sequence[position - 1];
      if (previous === idOf("Prompt") || previous === idOf("be")) logits[idOf("be")] = 10;
      else logits[idOf("[END]")] = 5;
      return logits;
    };
    const gated = await propose(
      createNativeProposer({ predictor: createTableMaskPredictor({ vocabulary, logitsAt: stammer }) }),
    );
    expect(gated.candidates).toHaveLength(0);
    expect(gated.dropped?.map((entry) => entry.reason)).toEqual(['repeats "be"']);
    expect(gated.warnings).toEqual([]);
    const ungated = await propose(
      createNativeProposer({
        predictor: createTableMaskPredictor({ vocabulary, logitsAt: stammer }),
        fluencyGate: false,
      }),
    );
    expect(ungated.candidates[0]?.fills).toEqual(["be be be"]);
    // The dropped sample's forward passes were spent all the same: they come back with the result, to be counted.
    const passes = ungated.candidates[0]?.cost.forwardPasses ?? 0;
    expect(passes).toBeGreaterThan(0);
    expect(gated.dropped).toEqual([{ reason: 'repeats "be"', cost: { forwardPasses: passes } }]);
    expect(ungated.dropped).toBeUndefined();
  });

  it("puts the conditioning in the user turn and the masked prompt in the assistant turn with a chat template", async () => {
    const predictor = { ...createTableMaskPredictor({ vocabulary, logitsAt: politeLogits }), chatTemplate: template };
    const result = await propose(createNativeProposer({ predictor }));
    const text = predictor.tokenizer.decode(predictor.calls[0]?.sequences[0] ?? []);
    expect(text).toBe(
      `<user> ${chatInfillInstruction.trim()} user said rude </user> <assistant> [MASK] [MASK] [MASK] never lie. </assistant>`,
    );
    expect(result.candidates[0]?.prompt).toBe("be polite. never lie.");
  });

  it("samples K candidates that differ by seed, deterministically and independently of K", async () => {
    const flat = () => vocabulary.map((word) => (word.startsWith("[") ? -50 : 0));
    const proposer = createNativeProposer({ predictor: createTableMaskPredictor({ vocabulary, logitsAt: flat }) });
    const sampling: DiffusionSettings = { ...greedy, temperature: 1 };
    const four = await propose(proposer, { count: 4, seed: 9, diffusion: sampling });
    const again = await propose(proposer, { count: 4, seed: 9, diffusion: sampling });
    const one = await propose(proposer, { count: 1, seed: 9, diffusion: sampling });
    const prompts = four.candidates.map((candidate) => candidate.prompt);
    expect(new Set(prompts).size).toBeGreaterThan(1);
    expect(again.candidates.map((candidate) => candidate.prompt)).toEqual(prompts);
    expect(one.candidates[0]?.prompt).toBe(prompts[0]);
    const other = await propose(proposer, { count: 4, seed: 10, diffusion: sampling });
    expect(other.candidates.map((candidate) => candidate.prompt)).not.toEqual(prompts);
  });

  it("cuts the conditioning to fit the context and says so", async () => {
    const predictor = createTableMaskPredictor({ vocabulary, logitsAt: politeLogits, contextLength: 12 });
    const result = await propose(createNativeProposer({ predictor }), {
      conditioning: "user said rude user said rude",
    });
    expect(result.warnings[0]).toMatch(/Conditioning cut from 6 to 3 tokens/);
    expect(
      predictor.tokenizer
        .decode(predictor.calls[0]?.sequences[0] ?? [])
        .startsWith("### Feedback user said rude ### Prompt"),
    ).toBe(true);
  });

  it("throws context-length, saying by how much, when the masked prompt alone does not fit", async () => {
    const predictor = createTableMaskPredictor({ vocabulary, logitsAt: politeLogits, contextLength: 8 });
    const error = await propose(createNativeProposer({ predictor })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DlmpoError);
    expect(error).toMatchObject({ code: "context-length" });
    expect(String(error)).toMatch(/needs 9 tokens with its layout, 1 more than the context length of table \(8\)/);
  });
});

describe("createNativeProposer with the ONNX fixture model", () => {
  it("fills a sentence with vocabulary words, deterministically for a seed", async () => {
    const directory = fileURLToPath(new URL("../../test/fixtures/tiny-mlm", import.meta.url));
    const predictor = await createOnnxMaskPredictor({ directory });
    try {
      // The fixture is a toy that stammers; the gate is tested above.
      const proposer = createNativeProposer({
        predictor,
        dropTokenIds: [predictor.config.padTokenId],
        fluencyGate: false,
      });
      const options = {
        prompt: "you are a helpful assistant. answer briefly and politely.",
        maskedSpans: [{ start: 29, end: 57, slots: 6, strategy: "sentence" }],
        conditioning: "expected positive, got negative",
        count: 3,
        seed: 4,
        diffusion: { steps: 6, remasking: "low_confidence", temperature: 0.8, cfgScale: 0 } satisfies DiffusionSettings,
        runtime: createFakeRuntime(),
      };
      const result = await proposer.propose(options);
      expect(result.candidates).toHaveLength(3);
      for (const candidate of result.candidates) {
        expect(candidate.prompt.startsWith("you are a helpful assistant.")).toBe(true);
        expect(candidate.fills[0]).not.toMatch(/\[(MASK|END|PAD)\]/);
        expect(candidate.fills[0]?.split(/\s+/).length ?? 0).toBeLessThanOrEqual(6);
      }
      const again = await proposer.propose(options);
      expect(again.candidates.map((candidate) => candidate.prompt)).toEqual(
        result.candidates.map((candidate) => candidate.prompt),
      );
    } finally {
      await predictor.close();
    }
  });
});
