import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../internal/seeded-random.js";
import type { Trace } from "../spec/trace.js";
import { buildConditioning, formatTraceLine } from "./build-conditioning.js";

const trace = (id: number, score: number): Trace => ({
  exampleId: `e${id}`,
  input: `question ${id}`,
  output: `answer ${id}`,
  score,
  expected: score === 1 ? `answer ${id}` : "other",
  feedback: score === 1 ? "" : `expected other, got answer ${id}`,
});

describe("buildConditioning", () => {
  const traces = [trace(1, 1), trace(2, 0), trace(3, 1), trace(4, 0.5), trace(5, 1), trace(6, 0)];

  it("puts failures first, lowest score first, then at most maxSuccesses successes", () => {
    const text = buildConditioning({ traces, budgetChars: 10_000, random: createSeededRandom(3), maxSuccesses: 1 });
    const lines = text.split("\n");
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 2).every((line) => line.includes("expected: other"))).toBe(true);
    expect(lines[2]).toContain("question 4");
    expect(lines[3]).toMatch(/question [135]/);
  });

  it("stays within the character budget", () => {
    const text = buildConditioning({ traces, budgetChars: 120, random: createSeededRandom(3) });
    expect(text.length).toBeLessThanOrEqual(120);
    expect(text.length).toBeGreaterThan(0);
  });

  it("is deterministic for a seed and orders ties differently for other seeds", () => {
    const many = Array.from({ length: 20 }, (_, index) => trace(index, 0));
    const build = (seed: number): string =>
      buildConditioning({ traces: many, budgetChars: 10_000, random: createSeededRandom(seed) });
    expect(build(5)).toBe(build(5));
    expect(build(5)).not.toBe(build(6));
  });
});

describe("formatTraceLine", () => {
  it("folds newlines and cuts long fields with an ellipsis", () => {
    const line = formatTraceLine({ exampleId: "x", input: `a\nb ${"z".repeat(500)}`, output: "ok", score: 0 });
    expect(line).not.toContain("\n");
    expect(line).toContain("…");
    expect(line.startsWith("Q: a b z")).toBe(true);
    expect(line.endsWith(" | A: ok")).toBe(true);
  });
});
