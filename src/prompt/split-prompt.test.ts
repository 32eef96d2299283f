import { describe, expect, it } from "vitest";
import { splitPrompt } from "./split-prompt.js";

describe("splitPrompt", () => {
  it("splits sentences at end punctuation and line breaks, with exact offsets", () => {
    const prompt = "You are a helpful assistant. Answer briefly!\nBe kind? Yes.";
    const { sentences, lines } = splitPrompt({ prompt });
    expect(sentences.map((sentence) => sentence.text)).toEqual([
      "You are a helpful assistant.",
      "Answer briefly!",
      "Be kind?",
      "Yes.",
    ]);
    for (const sentence of sentences) expect(prompt.slice(sentence.start, sentence.end)).toBe(sentence.text);
    expect(lines.map((line) => line.text)).toEqual(["You are a helpful assistant. Answer briefly!", "Be kind? Yes."]);
  });

  it("leaves list markers out of sentences and does not split after abbreviations", () => {
    const { sentences } = splitPrompt({ prompt: "Rules:\n- Use units, e.g. metres.\n2. Cite sources." });
    expect(sentences.map((sentence) => sentence.text)).toEqual(["Rules:", "Use units, e.g. metres.", "Cite sources."]);
  });

  it("skips code blocks and keep spans and flags sentences holding a placeholder", () => {
    const prompt = "Greet {{user}}. <keep>Never lie.</keep> Be brief.\n```\nx = 1. y = 2.\n```\nDone.";
    const { sentences } = splitPrompt({ prompt });
    expect(sentences.map((sentence) => [sentence.text, sentence.isProtected])).toEqual([
      ["Greet {{user}}.", true],
      ["Be brief.", false],
      ["Done.", false],
    ]);
    expect(sentences.map((sentence) => sentence.index)).toEqual([0, 1, 2]);
  });
});
