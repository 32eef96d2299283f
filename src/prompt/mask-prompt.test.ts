import { describe, expect, it } from "vitest";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import { maskPrompt, renderMaskedPrompt } from "./mask-prompt.js";

const prompt = "Be kind. Be brief. Answer in {{language}}.";

describe("maskPrompt", () => {
  it("cuts spans out in text order while keeping each span's given index", () => {
    const masked = maskPrompt({
      prompt,
      maskedSpans: [
        { start: 9, end: 18, slots: 4, strategy: "sentence" },
        { start: 0, end: 8, slots: 3, strategy: "sentence" },
      ],
    });
    expect(masked.parts).toEqual([
      { kind: "span", spanIndex: 1, slots: 3, original: "Be kind." },
      { kind: "text", text: " " },
      { kind: "span", spanIndex: 0, slots: 4, original: "Be brief." },
      { kind: "text", text: " Answer in {{language}}." },
    ]);
    expect(renderMaskedPrompt({ maskedPrompt: masked, renderSpan: (part) => `[[${part.spanIndex + 1}]]` })).toBe(
      "[[2]] [[1]] Answer in {{language}}.",
    );
  });

  it("throws InvalidInputError for a span touching a placeholder, naming the placeholder", () => {
    const call = () => maskPrompt({ prompt, maskedSpans: [{ start: 19, end: 35, slots: 4, strategy: "chars:19-35" }] });
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow(/placeholder "\{\{language\}\}"/);
  });

  it("rejects overlapping, out-of-range and zero-slot spans", () => {
    const span = { start: 0, end: 8, slots: 2, strategy: "chars" };
    expect(() => maskPrompt({ prompt, maskedSpans: [span, { ...span, start: 5 }] })).toThrow(/overlap/);
    expect(() => maskPrompt({ prompt, maskedSpans: [{ ...span, end: 999 }] })).toThrow(/outside the prompt/);
    expect(() => maskPrompt({ prompt, maskedSpans: [{ ...span, slots: 0 }] })).toThrow(/Slots/);
    expect(() => maskPrompt({ prompt, maskedSpans: [] })).toThrow(DlmpoError);
  });

  it("accepts an insertion point", () => {
    const masked = maskPrompt({ prompt, maskedSpans: [{ start: 8, end: 8, slots: 5, strategy: "insert" }] });
    expect(masked.parts[1]).toEqual({ kind: "span", spanIndex: 0, slots: 5, original: "" });
  });
});
