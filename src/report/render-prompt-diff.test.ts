import { describe, expect, it } from "vitest";
import { fillPrompt } from "../prompt/fill-prompt.js";
import type { MaskedSpan } from "../spec/proposer.js";
import { fillRanges } from "./fill-ranges.js";
import { renderPlainWordDiff, renderPromptDiff } from "./render-prompt-diff.js";

const span = (prompt: string, text: string): MaskedSpan => {
  const start = prompt.indexOf(text);
  return { start, end: start + text.length, slots: 8, strategy: "sentence" };
};

describe("renderPromptDiff", () => {
  it("marks removed and added words and the text the proposer wrote", () => {
    const before = "Be brief. Answer in English.";
    const maskedSpans = [span(before, "Be brief.")];
    const after = fillPrompt({ prompt: before, maskedSpans, fills: ["Be very brief."] });
    const html = renderPromptDiff({ before, after, fills: ["Be very brief."], maskedSpans });
    expect(html).toContain("<ins>");
    expect(html).toMatch(/<mark class="fill">[^<]*very/);
    expect(html).toContain("Answer in English.");
    expect(html).not.toMatch(/<mark class="fill">[^<]*Answer/);
  });

  it("shows a deletion as struck text", () => {
    const html = renderPromptDiff({ before: "Keep this. Drop that.", after: "Keep this." });
    expect(html).toContain("<del>");
    expect(html).toContain("Drop");
    expect(html).not.toContain("<mark");
  });

  it("escapes prompt text", () => {
    const html = renderPromptDiff({ before: "a", after: `a <img src=x onerror="alert(1)">` });
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });
});

describe("fillRanges", () => {
  it("finds fills that fillPrompt trimmed and spaced, across several spans", () => {
    const prompt = "One.Two three.Four.";
    const maskedSpans = [span(prompt, "Two"), span(prompt, "Four")];
    const fills = ["  2nd  ", "4th"];
    const after = fillPrompt({ prompt, maskedSpans, fills });
    const ranges = fillRanges({ after, fills, maskedSpans });
    expect(ranges.map((range) => after.slice(range.start, range.end))).toEqual(["2nd", "4th"]);
  });

  it("gives no range for empty fills", () => {
    const prompt = "Alpha. Beta. Gamma.";
    const maskedSpans = [span(prompt, "Beta."), span(prompt, "Gamma.")];
    const fills = ["", "Delta."];
    const after = fillPrompt({ prompt, maskedSpans, fills });
    expect(fillRanges({ after, fills, maskedSpans }).map((range) => after.slice(range.start, range.end))).toEqual([
      "Delta.",
    ]);
  });
});

describe("renderPlainWordDiff", () => {
  it("writes git word-diff notation", () => {
    expect(renderPlainWordDiff({ before: "say yes now", after: "say no now" })).toBe("say [-yes-]{+no+} now");
  });
});
