import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { agentGreeting, toSimulatedUserPrompt } from "./simulated-user.js";

// Rendered by the original's own code (scripts/make-tau-prompts.py).
const fixture = JSON.parse(readFileSync(new URL("./fixtures/prompts.json", import.meta.url), "utf8")) as {
  userSystemPrompts: { instruction: string; prompt: string }[];
  userOpeningMessages: { role: string; content: string }[];
};

describe("the simulated user", () => {
  it("has the original's system prompt, character for character", () => {
    for (const { instruction, prompt } of fixture.userSystemPrompts)
      expect(toSimulatedUserPrompt(instruction)).toBe(prompt);
  });

  it("opens on the original's greeting", () => {
    expect(fixture.userOpeningMessages.map((message) => message.role)).toEqual(["system", "user"]);
    expect(fixture.userOpeningMessages[1]?.content).toBe(agentGreeting);
  });
});
