import { describe, expect, it } from "vitest";
import { fillPrompt } from "./fill-prompt.js";

const span = (start: number, end: number) => ({ start, end, slots: 4, strategy: "test" });

describe("fillPrompt", () => {
  it("replaces spans given in any order and trims fills", () => {
    const prompt = "Be kind. Be brief. Stop.";
    expect(fillPrompt({ prompt, maskedSpans: [span(9, 18), span(0, 8)], fills: ["  Be short. ", "Be nice."] })).toBe(
      "Be nice. Be short. Stop.",
    );
  });

  it("adds a space where an insertion meets a word but not before punctuation", () => {
    expect(fillPrompt({ prompt: "One.Two.", maskedSpans: [span(4, 4)], fills: ["New."] })).toBe("One. New. Two.");
    expect(fillPrompt({ prompt: "Answer (briefly)", maskedSpans: [span(8, 15)], fills: ["tersely"] })).toBe(
      "Answer (tersely)",
    );
  });

  it("removes a deleted sentence without leaving double spaces", () => {
    expect(fillPrompt({ prompt: "A b. C d. E f.", maskedSpans: [span(5, 9)], fills: [""] })).toBe("A b. E f.");
    expect(fillPrompt({ prompt: "A b. C d.", maskedSpans: [span(5, 9)], fills: [""] })).toBe("A b.");
  });

  it("drops a line, with its list marker, when its only sentence is deleted", () => {
    expect(fillPrompt({ prompt: "Rules:\n- One.\n- Two.\n- Three.", maskedSpans: [span(16, 20)], fills: [""] })).toBe(
      "Rules:\n- One.\n- Three.",
    );
    expect(fillPrompt({ prompt: "A.\n\nB.\n\nC.", maskedSpans: [span(4, 6)], fills: [""] })).toBe("A.\n\nC.");
  });

  it("throws when fills and spans differ in number", () => {
    expect(() => fillPrompt({ prompt: "A.", maskedSpans: [span(0, 2)], fills: [] })).toThrow(/1 spans/);
  });
});
