import { describe, expect, it } from "vitest";
import { parseLabel } from "./parse-label.js";

const sentiment = ["negative", "positive"];
const fine = ["very negative", "negative", "neutral", "positive", "very positive"];

describe("parseLabel", () => {
  it.each([
    ["positive", "positive"],
    ["Sentiment: Positive.", "positive"],
    ['"NEGATIVE"', "negative"],
    ["I think the review is negative overall.", "negative"],
    ["'positive'\n", "positive"],
  ])("reads %j as %s", (answer, label) => {
    expect(parseLabel({ answer, labels: sentiment }).label).toBe(label);
  });

  it("lets the label mentioned first win", () => {
    expect(parseLabel({ answer: "Negative, not positive", labels: sentiment }).label).toBe("negative");
    expect(parseLabel({ answer: "Positive, not negative", labels: sentiment }).label).toBe("positive");
  });

  it("prefers the longest label at the same position", () => {
    expect(parseLabel({ answer: "Very negative.", labels: fine }).label).toBe("very negative");
    expect(parseLabel({ answer: "negative", labels: fine }).label).toBe("negative");
  });

  it("accepts spaces for underscores in labels", () => {
    const labels = ["not_equivalent", "equivalent"];
    expect(parseLabel({ answer: "They are not equivalent.", labels }).label).toBe("not_equivalent");
    expect(parseLabel({ answer: "not_equivalent", labels }).label).toBe("not_equivalent");
    expect(parseLabel({ answer: "Equivalent", labels }).label).toBe("equivalent");
  });

  it("matches whole words only", () => {
    expect(parseLabel({ answer: "nonpositive", labels: sentiment })).toEqual({
      label: undefined,
      reason: "no label in the answer (labels: negative, positive)",
    });
  });

  it("keeps the reason when the answer is empty", () => {
    expect(parseLabel({ answer: "  ", labels: sentiment })).toEqual({ label: undefined, reason: "empty answer" });
  });
});
