import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../internal/seeded-random.js";
import { diffPrompts } from "./diff-prompts.js";

const rebuild = (operations: ReturnType<typeof diffPrompts>, side: "before" | "after") =>
  operations
    .filter((operation) => operation.kind === "equal" || operation.kind === (side === "before" ? "delete" : "insert"))
    .map((operation) => operation.text)
    .join("");

describe("diffPrompts", () => {
  it("marks changed words and merges neighbouring operations", () => {
    expect(diffPrompts({ before: "Be kind and brief.", after: "Be very kind and short." })).toEqual([
      { kind: "equal", text: "Be " },
      { kind: "insert", text: "very " },
      { kind: "equal", text: "kind and " },
      { kind: "delete", text: "brief." },
      { kind: "insert", text: "short." },
    ]);
  });

  it("folds a phrase replaced word by word into one delete and one insert", () => {
    expect(diffPrompts({ before: "A. answer briefly and politely. B.", after: "A. ask the policy. B." })).toEqual([
      { kind: "equal", text: "A. " },
      { kind: "delete", text: "answer briefly and politely." },
      { kind: "insert", text: "ask the policy." },
      { kind: "equal", text: " B." },
    ]);
  });

  it("gives one equal operation for identical prompts and none for two empty ones", () => {
    expect(diffPrompts({ before: "Same text.", after: "Same text." })).toEqual([{ kind: "equal", text: "Same text." }]);
    expect(diffPrompts({ before: "", after: "" })).toEqual([]);
  });

  it("rebuilds both sides exactly for random edits", () => {
    const random = createSeededRandom(7);
    const vocabulary = ["a", "b", "c", "rule.", "\n", "  ", "{{x}}"];
    const words = (count: number) =>
      Array.from({ length: count }, () => vocabulary[random.int(vocabulary.length)]).join(" ");
    for (let trial = 0; trial < 50; trial += 1) {
      const before = words(random.int(30));
      const after = words(random.int(30));
      const operations = diffPrompts({ before, after });
      expect(rebuild(operations, "before")).toBe(before);
      expect(rebuild(operations, "after")).toBe(after);
    }
  });
});
