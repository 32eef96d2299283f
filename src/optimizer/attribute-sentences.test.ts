import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../internal/seeded-random.js";
import { attributeSentences } from "./attribute-sentences.js";

describe("attributeSentences", () => {
  const prompt = "Label the review. Never say positive. Answer with one word. Keep {{tone}} in mind.";

  it("ranks first the sentence whose removal helps most and never drops a protected one", async () => {
    const probed: string[] = [];
    const attributions = await attributeSentences({
      prompt,
      baselineScores: [0, 0, 1, 0],
      score: async (shortened) => {
        probed.push(shortened);
        // Without the harmful rule every probe example is right; without the format rule half are.
        if (!shortened.includes("Never say positive.")) return [1, 1, 1, 1];
        if (!shortened.includes("Answer with one word.")) return [1, 0, 1, 0];
        return [0, 0, 1, 0];
      },
      maxSentences: 8,
      random: createSeededRandom(1),
    });
    const texts = attributions.map((attribution) => prompt.slice(attribution.start, attribution.end));
    expect(texts).toEqual(["Never say positive.", "Answer with one word.", "Label the review."]);
    expect(attributions[0]?.effect).toBeCloseTo(0.75);
    expect(probed.every((shortened) => shortened.includes("{{tone}}"))).toBe(true);
    expect(probed).toContain("Label the review. Answer with one word. Keep {{tone}} in mind.");
  });

  it("probes at most maxSentences sentences", async () => {
    let probes = 0;
    await attributeSentences({
      prompt,
      baselineScores: [1],
      score: async () => {
        probes += 1;
        return [1];
      },
      maxSentences: 2,
      random: createSeededRandom(4),
    });
    expect(probes).toBe(2);
  });
});
