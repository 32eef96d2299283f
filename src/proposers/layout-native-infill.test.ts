import { describe, expect, it } from "vitest";
import { maskPrompt } from "../prompt/mask-prompt.js";
import type { Tokenizer } from "../spec/mask-predictor.js";
import { layoutNativeInfill } from "./layout-native-infill.js";

/** One token per character: a long text becomes as many tokens as it has characters. */
const characterTokenizer: Tokenizer = {
  encode: (text) => Array.from(text, (character) => character.charCodeAt(0)),
  decode: (ids) => String.fromCharCode(...ids),
  tokenToId: () => undefined,
  vocabSize: 65_536,
};

describe("layoutNativeInfill", () => {
  it("reports a 2 MB prompt as too long for the context instead of overflowing the stack", () => {
    const prompt = `${"Answer with one word. ".repeat(100_000)}Be brief.`;
    const start = prompt.length - "Be brief.".length;
    const maskedPrompt = maskPrompt({
      prompt,
      maskedSpans: [{ start, end: prompt.length, slots: 4, strategy: "test" }],
    });
    expect(() =>
      layoutNativeInfill({
        maskedPrompt,
        conditioning: "",
        tokenizer: characterTokenizer,
        maskTokenId: 0,
        contextLength: 4096,
        modelId: "test",
      }),
    ).toThrow(/more than the context length of test \(4096\)/);
  });
});
