import { describe, expect, it } from "vitest";
import { diffPrompts } from "../../prompt/diff-prompts.js";
import { renderInfillReport, renderPromptDiff } from "./infill-render.js";

const diff = diffPrompts({ before: "Be kind. Be brief.", after: "Be kind. Be very short." });

describe("renderPromptDiff", () => {
  it("marks changes with brackets without colour and with ANSI colours on a terminal", () => {
    expect(renderPromptDiff({ diff, color: false })).toBe("Be kind. Be [-brief.-]{+very short.+}");
    expect(renderPromptDiff({ diff, color: true })).toBe(
      "Be kind. Be \u001b[31;9mbrief.\u001b[0m\u001b[32mvery short.\u001b[0m",
    );
  });
});

describe("renderInfillReport", () => {
  it("lists the spans, then each candidate with its cost, diff, fills and problems", () => {
    const text = renderInfillReport({
      proposerId: "native:test",
      spans: [{ strategy: "sentence", start: 9, end: 18, slots: 6, text: "Be brief." }],
      candidates: [
        {
          index: 0,
          prompt: "Be kind. Be very short.",
          promptHash: "abcdef0123456789",
          fills: ["Be very short."],
          isValid: false,
          problems: ['The placeholder "{{x}}" appears 0 times instead of 1.'],
          cost: { forwardPasses: 12 },
          diff,
        },
      ],
      color: false,
    });
    expect(text).toBe(
      [
        "Proposer native:test; masked spans:",
        '  [1] sentence 9-18, 6 slots: "Be brief."',
        "",
        "Candidate 1 of 1 (12 forward passes, abcdef012345)",
        "Be kind. Be [-brief.-]{+very short.+}",
        '  [1] "Be very short."',
        '  invalid: The placeholder "{{x}}" appears 0 times instead of 1.',
        "",
      ].join("\n"),
    );
  });
});
