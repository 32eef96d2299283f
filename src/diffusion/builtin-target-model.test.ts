import { generateText, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import { createTableMaskPredictor, type TableLookup } from "../testing/table-mask-predictor.js";
import { createBuiltinTargetModel } from "./builtin-target-model.js";

const vocabulary = [
  "[PAD]",
  "[MASK]",
  "[END]",
  "Answer:",
  "classify",
  "the",
  "review",
  "opposite",
  "Review:",
  "fine",
  "film",
  "good",
  "bad",
];
const idOf = (token: string): number => vocabulary.indexOf(token);

/** A "model" that answers `bad` when the sequence says `opposite`, else `good`, in the first slot; end tokens after it. */
const clozePredictor = (options: { readonly contextLength?: number } = {}) =>
  createTableMaskPredictor({
    vocabulary,
    contextLength: options.contextLength ?? 64,
    logitsAt: ({ sequence, position }: TableLookup) => {
      const firstSlot = sequence.indexOf(idOf("Answer:")) + 1;
      const wanted =
        position === firstSlot ? (sequence.includes(idOf("opposite")) ? idOf("bad") : idOf("good")) : idOf("[END]");
      return vocabulary.map((_, id) => (id === wanted ? 5 : 0));
    },
  });

describe("createBuiltinTargetModel", () => {
  it("lays out system prompt, user message and Answer: before the mask slots", async () => {
    const predictor = clozePredictor();
    const model = createBuiltinTargetModel({ predictor, answerSlots: 3 });
    await generateText({ model, system: "classify the review", prompt: "Review: fine film" });
    const [first] = predictor.calls;
    expect(predictor.tokenizer.decode(first?.sequences[0] ?? [])).toBe(
      "classify the review Review: fine film Answer: [MASK] [MASK] [MASK]",
    );
  });

  it("returns the filled slots without end tokens, with token usage", async () => {
    const model = createBuiltinTargetModel({ predictor: clozePredictor(), answerSlots: 4 });
    const result = await generateText({ model, system: "classify the review", prompt: "Review: fine film" });
    expect(result.text).toBe("good");
    expect(result.usage.inputTokens).toBe(7);
    expect(result.usage.outputTokens).toBe(1);
  });

  it("answers according to the system prompt", async () => {
    const model = createBuiltinTargetModel({ predictor: clozePredictor() });
    const plain = await generateText({ model, system: "classify the review", prompt: "Review: fine film" });
    const flipped = await generateText({ model, system: "classify the opposite review", prompt: "Review: fine film" });
    expect([plain.text, flipped.text]).toEqual(["good", "bad"]);
  });

  it("never leaves the first slot empty: it takes the best word over the end token", async () => {
    const predictor = createTableMaskPredictor({
      vocabulary,
      logitsAt: ({ sequence, position }) => {
        const firstSlot = sequence.indexOf(idOf("Answer:")) + 1;
        return vocabulary.map((token) => {
          if (token === "[END]") return 9;
          return position === firstSlot && token === "bad" ? 4 : 0;
        });
      },
    });
    const result = await generateText({ model: createBuiltinTargetModel({ predictor }), prompt: "fine film" });
    expect(result.text).toBe("bad");
  });

  it("uses at most maxOutputTokens slots", async () => {
    const predictor = clozePredictor();
    const model = createBuiltinTargetModel({ predictor, answerSlots: 6 });
    await generateText({ model, system: "classify", prompt: "fine", maxOutputTokens: 2 });
    const sequence = predictor.calls[0]?.sequences[0] ?? [];
    expect(sequence.filter((id) => id === predictor.maskTokenId)).toHaveLength(2);
  });

  it("cuts the oldest tokens and warns when the layout exceeds the context", async () => {
    const predictor = clozePredictor({ contextLength: 6 });
    const model = createBuiltinTargetModel({ predictor, answerSlots: 2 });
    const result = await generateText({ model, system: "classify the review the review", prompt: "Review: fine film" });
    expect(predictor.calls[0]?.sequences[0]).toHaveLength(6);
    expect(result.text).toBe("good");
    expect(result.warnings?.map((warning) => (warning.type === "other" ? warning.message : ""))).toContainEqual(
      expect.stringMatching(/first 5 were cut/),
    );
  });

  it("warns about settings it ignores", async () => {
    const model = createBuiltinTargetModel({ predictor: clozePredictor() });
    const result = await generateText({ model, prompt: "fine", topP: 0.5 });
    expect(result.warnings).toContainEqual({ type: "unsupported", feature: "topP" });
  });

  it("streams the same answer", async () => {
    const model = createBuiltinTargetModel({ predictor: clozePredictor() });
    const result = streamText({ model, system: "classify the opposite", prompt: "fine film" });
    expect(await result.text).toBe("bad");
  });

  it("rejects answer slots out of range", () => {
    expect(() => createBuiltinTargetModel({ predictor: clozePredictor(), answerSlots: 0 })).toThrow(InvalidInputError);
  });
});
