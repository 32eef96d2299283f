import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import { importTraces } from "./import-traces.js";

async function writeJsonl(lines: readonly string[]): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "dlmpo-traces-"));
  const path = join(directory, "logs.jsonl");
  await writeFile(path, `${lines.join("\n")}\n`);
  return path;
}

describe("importTraces", () => {
  it("reads the last user and assistant messages, score, expected and feedback", async () => {
    const path = await writeJsonl([
      JSON.stringify({
        id: "a1",
        messages: [
          { role: "system", content: "Be nice." },
          { role: "user", content: "first" },
          { role: "assistant", content: "reply one" },
          { role: "user", content: "second" },
          { role: "assistant", content: "reply two" },
        ],
        score: 0,
        expected: "positive",
        feedback: "expected positive, got negative",
      }),
      "",
      JSON.stringify({ messages: [{ role: "user", content: "hi" }], score: 1 }),
    ]);
    const traces = await importTraces({ path });
    expect(traces).toHaveLength(2);
    expect(traces[0]).toMatchObject({ exampleId: "a1", input: "second", output: "reply two", score: 0 });
    expect(traces[0]?.feedback).toBe("expected positive, got negative");
    expect(traces[1]).toMatchObject({ exampleId: "line-3", input: "hi", output: "", score: 1 });
  });

  it("names file, line and field of a bad line", async () => {
    const path = await writeJsonl([
      JSON.stringify({ messages: [{ role: "user", content: "ok" }], score: 1 }),
      JSON.stringify({ messages: [{ role: "robot", content: "x" }], score: 1 }),
    ]);
    const error = await importTraces({ path }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(String(error)).toContain(`${path}, line 2, field "messages.0.role"`);
  });

  it("rejects a score outside [0, 1] and broken JSON", async () => {
    const scorePath = await writeJsonl([JSON.stringify({ messages: [{ role: "user", content: "x" }], score: 2 })]);
    await expect(importTraces({ path: scorePath })).rejects.toThrow(/line 1, field "score"/);
    const jsonPath = await writeJsonl(["{not json"]);
    await expect(importTraces({ path: jsonPath })).rejects.toThrow(/line 1: Not valid JSON/);
  });
});
