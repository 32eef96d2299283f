import { describe, expect, it } from "vitest";
import { createSeededRandom } from "./seeded-random.js";
import { toCanonicalJson } from "./stable-hash.js";

/** The definition: JSON.stringify with every plain object's keys sorted (the implementation before it was sped up). */
function reference(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== "object" || Array.isArray(inner)) return inner;
    // Entries of an object reached by JSON.stringify, sorted by key.
    const entries = Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  });
}

function randomValue(random: ReturnType<typeof createSeededRandom>, depth: number): unknown {
  const pick = random.int(depth > 3 ? 7 : 10);
  const texts = ["", "a", "Zé", 'quote " and \\ back', "line\nbreak", "ünï\u2028", "10", "b"];
  switch (pick) {
    case 0:
      return random.int(2000) - 1000 + (random.next() < 0.3 ? random.next() : 0);
    case 1:
      return texts[random.int(texts.length)];
    case 2:
      return random.next() < 0.5;
    case 3:
      return null;
    case 4:
      return undefined;
    case 5:
      return [Number.NaN, Number.POSITIVE_INFINITY, -0][random.int(3)];
    case 6:
      return new Date(random.int(2_000_000_000_000));
    case 7:
      return Array.from({ length: random.int(4) }, () => randomValue(random, depth + 1));
    default: {
      const record: Record<string, unknown> = {};
      for (let i = random.int(5); i > 0; i -= 1)
        record[texts[random.int(texts.length)] ?? "k"] = randomValue(random, depth + 1);
      if (random.next() < 0.1) record.fn = () => 1;
      return record;
    }
  }
}

describe("toCanonicalJson", () => {
  it("writes exactly what JSON.stringify writes with sorted keys", () => {
    const random = createSeededRandom(42);
    for (let i = 0; i < 2000; i += 1) {
      const value = randomValue(random, 0);
      expect(toCanonicalJson(value)).toBe(reference(value));
    }
    const typed = { b: new Uint8Array([3, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11]), a: new Map([[1, 2]]), c: new String("x") };
    expect(toCanonicalJson(typed)).toBe(reference(typed));
    const wide = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [i % 3 === 0 ? String(i) : `k${39 - i}`, i]));
    expect(toCanonicalJson({ wide })).toBe(reference({ wide }));
  });
});
