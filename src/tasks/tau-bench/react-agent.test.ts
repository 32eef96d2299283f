import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadTauDomain } from "./load-tau-domain.js";
import { parseReactAction, toReactSystemPrompt } from "./react-agent.js";

const dataDir = process.env.DLMPO_DATA_DIR ?? fileURLToPath(new URL("../../../../shared/data", import.meta.url));
const hasData = existsSync(`${dataDir}/tau-bench/retail/tools.json`);
// Rendered by the original's own code (scripts/make-tau-prompts.py).
const fixture = JSON.parse(readFileSync(new URL("./fixtures/prompts.json", import.meta.url), "utf8")) as {
  reactInstruction: string;
  reactSystemPrompts: Record<string, { sha256: string; length: number }>;
};

describe("the ReAct agent", () => {
  it("ends its system prompt with the original's instruction, worked example included", () => {
    const prompt = toReactSystemPrompt({ policy: "P", toolDefinitions: [] });
    expect(prompt).toBe(`P\n#Available tools\n[]${fixture.reactInstruction}`);
  });

  it.skipIf(!hasData)("builds the original's full system prompt from the domain's policy and tools", async () => {
    for (const name of ["retail", "airline"] as const) {
      const domain = await loadTauDomain({ dataDir, domain: name });
      const prompt = toReactSystemPrompt({ policy: domain.policy, toolDefinitions: domain.toolDefinitions });
      expect({ length: prompt.length, sha256: createHash("sha256").update(prompt).digest("hex") }).toEqual(
        fixture.reactSystemPrompts[name],
      );
    }
  });

  it("reads actions as the original: the text after the last Action:, JSON or else a message", () => {
    expect(
      parseReactAction('Thought:\nx\nAction:\n{"name": "respond", "arguments": {"content": "Hi"}}', "1"),
    ).toMatchObject({
      kind: "respond",
      text: "Hi",
    });
    expect(parseReactAction("Thought:\nhmm\nAction:\n  Sorry, one moment  ", "1")).toMatchObject({
      kind: "respond",
      text: "Sorry, one moment",
    });
    expect(parseReactAction("  just talking  ", "1")).toMatchObject({ kind: "respond", text: "just talking" });
    const tool = parseReactAction('Action: {"name": "calculate", "arguments": {"expression": "250.0"}}', "7");
    expect(tool).toMatchObject({ kind: "tool", id: "7", name: "calculate", argumentsText: '{"expression": "250.0"}' });
    for (const broken of [
      'Action: {"name": "x"}',
      "Action: [1]",
      'Action: {"name": 1, "arguments": {}}',
      'Action: {"name": "x", "arguments": [1]}',
      'Action: {"name": "respond", "arguments": {}}',
    ])
      expect(parseReactAction(broken, "1").kind).toBe("crash");
  });
});
