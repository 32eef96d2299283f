import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import { createSeededRandom } from "../internal/seeded-random.js";
import { touchesRegion } from "./find-protected-regions.js";
import { resolveMaskSpecs } from "./resolve-mask-specs.js";
import { splitPrompt } from "./split-prompt.js";

const prompt =
  "You are a support agent for {{company}}. Answer politely and briefly. Never promise refunds. Escalate angry users to a human. Sign every reply.";

describe("resolveMaskSpecs", () => {
  it("maps sentence, delete, insert and chars specs to spans with their strategy", () => {
    const spans = resolveMaskSpecs({
      prompt,
      specs: [
        { kind: "sentence", index: 1 },
        { kind: "delete", index: 2 },
        { kind: "insert", boundary: 5 },
        { kind: "chars", start: 0, end: 7 },
      ],
      random: createSeededRandom(1),
      slotsFor: ({ strategy }) => (strategy === "insert" ? 9 : 5),
    });
    expect(spans.map((span) => [prompt.slice(span.start, span.end), span.strategy, span.slots])).toEqual([
      ["Answer politely and briefly.", "sentence", 5],
      ["Never promise refunds.", "delete", 5],
      ["", "insert", 9],
      ["You are", "chars", 5],
    ]);
    expect(spans[2]?.start).toBe(prompt.length);
  });

  it("places random spans away from protected regions and other spans, at about the mask ratio, deterministically", () => {
    const resolve = (seed: number) =>
      resolveMaskSpecs({
        prompt,
        specs: [
          { kind: "sentence", index: 1 },
          { kind: "random", maskRatio: 0.3 },
        ],
        random: createSeededRandom(seed),
      });
    const spans = resolve(3);
    expect(resolve(3)).toEqual(spans);
    expect(resolve(4)).not.toEqual(spans);
    const { protectedRegions } = splitPrompt({ prompt });
    const randomSpans = spans.filter((span) => span.strategy === "random");
    expect(randomSpans.length).toBeGreaterThan(0);
    for (const span of randomSpans) {
      expect(protectedRegions.some((region) => touchesRegion(span, region))).toBe(false);
      expect(span.end <= (spans[0]?.start ?? 0) || span.start >= (spans[0]?.end ?? 0)).toBe(true);
    }
    const maskedWords = randomSpans.map((span) => prompt.slice(span.start, span.end).split(/\s+/).length);
    expect(maskedWords.reduce((sum, count) => sum + count, 0)).toBe(Math.round(0.3 * 18));
  });

  it("throws when a sentence does not exist or holds a placeholder", () => {
    const random = createSeededRandom(1);
    expect(() => resolveMaskSpecs({ prompt, specs: [{ kind: "sentence", index: 9 }], random })).toThrow(
      /no sentence 9/,
    );
    expect(() => resolveMaskSpecs({ prompt, specs: [{ kind: "sentence", index: 0 }], random })).toThrow(/placeholder/);
  });

  it("throws a clear error for a prompt with no maskable span", () => {
    const call = () =>
      resolveMaskSpecs({
        prompt: "<keep>All fixed.</keep> {{x}}",
        specs: [{ kind: "random", maskRatio: 0.5 }],
        random: createSeededRandom(1),
      });
    expect(call).toThrow(InvalidInputError);
    expect(call).toThrow(/no maskable span/);
  });
});
