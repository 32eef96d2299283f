import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import { createKeywordTask } from "../testing/keyword-task.js";
import { loadDevSplit } from "./load-dev-split.js";

describe("loadDevSplit", () => {
  it("gives the dev examples, and refuses a task that has none", async () => {
    const task = createKeywordTask({ keyword: "k", sizes: { train: 2, dev: 3, test: 1 } });
    expect((await loadDevSplit(task)).map((example) => example.id)).toEqual(["dev-0", "dev-1", "dev-2"]);
    const empty = createKeywordTask({ keyword: "k", sizes: { train: 2, dev: 0, test: 1 } });
    await expect(loadDevSplit(empty)).rejects.toThrow(InvalidInputError);
    await expect(loadDevSplit(empty)).rejects.toThrow('Task "keyword" has no dev examples.');
  });
});
