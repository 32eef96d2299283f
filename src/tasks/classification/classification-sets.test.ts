import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classificationSets } from "./classification-sets.js";
import { loadClassificationTask } from "./load-classification-task.js";

// The benchmark data lives beside the repository (never copied into it); these checks run where it is present.
const dataDir = join(import.meta.dirname, "..", "..", "..", "..", "shared", "data");
const hasData = existsSync(join(dataDir, "classification"));

describe("classificationSets", () => {
  it("names every label in the seed prompt and has a template with a field", () => {
    for (const set of Object.values(classificationSets)) {
      expect(set.template).toMatch(/\{\w+\}/);
      for (const label of set.labels) expect(set.seedPrompt).toContain(label);
    }
  });

  it.skipIf(!hasData)("matches the fields and labels of the real data in every split", async () => {
    for (const set of Object.values(classificationSets)) {
      const task = await loadClassificationTask({ name: set.id, dataDir });
      for (const split of set.splits) {
        const examples = await task.loadSplit(split);
        expect(examples.length).toBeGreaterThan(100);
        expect(new Set(examples.map((example) => example.expected))).toEqual(new Set(set.labels));
        expect(new Set(examples.map((example) => example.id)).size).toBe(examples.length);
      }
    }
  });
});
