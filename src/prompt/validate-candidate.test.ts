import { describe, expect, it } from "vitest";
import { validateCandidate } from "./validate-candidate.js";

const original = "Hello {{name}}. <keep>Never lie.</keep> Be brief.";

describe("validateCandidate", () => {
  it("accepts a candidate that keeps placeholders and keep spans", () => {
    expect(validateCandidate({ original, candidate: "Hi {{name}}! <keep>Never lie.</keep> Be short." })).toEqual({
      isValid: true,
      tokenCount: undefined,
    });
  });

  it("reports a lost placeholder, a changed keep span, an added placeholder and an empty candidate", () => {
    const lost = validateCandidate({ original, candidate: "Hi {{user}}. <keep>Never lies.</keep>" });
    expect(lost.isValid).toBe(false);
    const problems = lost.isValid ? [] : lost.problems;
    expect(problems.join("\n")).toMatch(/\{\{name\}\}" appears 0 times instead of 1/);
    expect(problems.join("\n")).toMatch(/keep "<keep>Never lie.<\/keep>" appears 0 times/);
    expect(problems.join("\n")).toMatch(/adds a placeholder "\{\{user\}\}"/);
    expect(validateCandidate({ original: "x", candidate: "  " }).isValid).toBe(false);
  });

  it("enforces the token budget with the given counter", () => {
    const countTokens = (text: string) => text.split(/\s+/).length;
    const result = validateCandidate({ original: "a b", candidate: "a b c d", maxTokens: 3, countTokens });
    expect(result).toEqual({
      isValid: false,
      problems: ["The candidate has 4 tokens, over the budget of 3."],
      tokenCount: 4,
    });
    expect(validateCandidate({ original: "a b", candidate: "a b c", maxTokens: 3, countTokens }).isValid).toBe(true);
  });

  it("treats an unclosed keep tag in the candidate as a problem, not a throw", () => {
    const result = validateCandidate({ original: "a", candidate: "a <keep>b" });
    expect(result.isValid).toBe(false);
  });
});
