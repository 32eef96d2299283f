import { describe, expect, it } from "vitest";
import { layoutPlainInfill } from "./layout-plain-infill.js";

describe("layoutPlainInfill", () => {
  it("is exactly the feedback heading, the conditioning, the prompt heading and the masked prompt", () => {
    expect(layoutPlainInfill({ conditioning: "got X", maskedPrompt: "Be [MASK][MASK]." })).toBe(
      "### Feedback\ngot X\n### Prompt\nBe [MASK][MASK].",
    );
  });
});
