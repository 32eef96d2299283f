import { describe, expect, it } from "vitest";
import { fillPrompt } from "../prompt/fill-prompt.js";
import { toRewriteCandidate } from "./to-rewrite-candidate.js";

const original = "Intro text. <keep>Never share {{secret}}.</keep> Middle part. {{input}} Outro.";

describe("toRewriteCandidate", () => {
  it("maps a rewrite to fills of the gaps between protected parts", () => {
    const rewrite = "New intro. <keep>Never share {{secret}}.</keep> New middle: {{input}}";
    const outcome = toRewriteCandidate({ original, rewrite, calls: 1 });
    if (!("candidate" in outcome)) throw new Error(outcome.warning);
    const { candidate } = outcome;
    expect(candidate.prompt).toBe(rewrite);
    expect(candidate.fills).toEqual(["New intro. ", " New middle: ", ""]);
    expect(candidate.maskedSpans.map((span) => original.slice(span.start, span.end))).toEqual([
      "Intro text. ",
      " Middle part. ",
      " Outro.",
    ]);
    // Splicing the fills back into the original gives the rewrite (up to spacing).
    expect(fillPrompt({ prompt: original, maskedSpans: candidate.maskedSpans, fills: candidate.fills })).toBe(
      "New intro. <keep>Never share {{secret}}.</keep> New middle: {{input}}",
    );
  });

  it("rejects rewrites that lose, add or reorder protected parts", () => {
    const lost = toRewriteCandidate({ original, rewrite: "Only {{input}}", calls: 1 });
    const added = toRewriteCandidate({ original, rewrite: `${original} {{extra}}`, calls: 1 });
    const reordered = toRewriteCandidate({
      original,
      rewrite: "{{input}} then <keep>Never share {{secret}}.</keep>",
      calls: 1,
    });
    expect("warning" in lost && lost.warning).toContain("<keep>Never share");
    expect("warning" in added && added.warning).toContain("{{extra}}");
    expect("warning" in reordered && reordered.warning).toContain("order");
  });
});
