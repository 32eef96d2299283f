import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, jsonSchema, type ModelMessage, stepCountIs, tool } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenAITestServer, startOpenAITestServer } from "../testing/openai-test-server.js";
import { supportBotReply } from "../testing/support-bot-replies.test-support.js";
import { importConversations } from "./import-conversations.js";

async function writeLines(lines: readonly unknown[]): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), "dlmpo-openai-")), "log.jsonl");
  await writeFile(
    path,
    `${lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n")}\n`,
  );
  return path;
}

describe("openai import", () => {
  let server: OpenAITestServer;
  beforeAll(async () => {
    server = await startOpenAITestServer({ respond: supportBotReply });
  });
  afterAll(async () => server.close());

  it("reads request/response pairs logged around the real OpenAI client, merging calls of one conversation", async () => {
    // A logging fetch, as a proxy or an SDK middleware logs Chat Completions traffic: the request body and the response.
    const logged: unknown[] = [];
    const loggingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const request: unknown = JSON.parse(String(init?.body));
      logged.push({
        request: { ...Object(request), metadata: { conversation_id: "c9" } },
        response: await response.clone().json(),
      });
      return response;
    };
    const model = createOpenAI({ baseURL: server.baseURL, apiKey: "test", fetch: loggingFetch }).chat("gpt-4o-mini");
    const lookupOrder = tool({
      inputSchema: jsonSchema<{ orderId: string }>({ type: "object", properties: { orderId: { type: "string" } } }),
      execute: async () => ({ status: "shipped" }),
    });
    const messages: ModelMessage[] = [{ role: "user", content: "Where is #B2?" }];
    const result = await generateText({
      model,
      system: "Help.",
      messages,
      tools: { lookupOrder },
      stopWhen: stepCountIs(3),
    });
    expect(logged).toHaveLength(2);
    const path = await writeLines(logged);
    const { conversations } = await importConversations({ format: "openai", paths: [path] });
    expect(conversations).toHaveLength(1);
    expect(conversations[0]?.id).toBe("c9");
    expect(conversations[0]?.messages).toEqual([
      { role: "system", content: "Help." },
      { role: "user", content: "Where is #B2?" },
      {
        role: "assistant",
        content: "",
        toolCalls: [{ id: "call-B2", name: "lookupOrder", arguments: { orderId: "B2" } }],
      },
      { role: "tool", content: JSON.stringify({ status: "shipped" }), toolCallId: "call-B2" },
      { role: "assistant", content: result.text },
    ]);
  });

  it("reads the flat messages form with developer messages, content parts and score", async () => {
    const path = await writeLines([
      {
        id: 7,
        score: 0,
        messages: [
          { role: "developer", content: "Terse." },
          {
            role: "user",
            content: [
              { type: "text", text: "Hi " },
              { type: "image_url", image_url: { url: "x" } },
            ],
          },
          { role: "assistant", content: "Hello" },
        ],
      },
    ]);
    const { conversations } = await importConversations({ format: "openai", paths: [path] });
    expect(conversations).toEqual([
      {
        id: "7",
        score: 0,
        messages: [
          { role: "system", content: "Terse." },
          { role: "user", content: "Hi [image_url]" },
          { role: "assistant", content: "Hello" },
        ],
      },
    ]);
  });

  it("names file, line and field of a bad record", async () => {
    const path = await writeLines([
      { messages: [{ role: "user", content: "ok" }] },
      { request: { messages: [{ role: "user", content: "x" }] }, response: { choices: [] } },
    ]);
    await expect(importConversations({ format: "openai", paths: [path] })).rejects.toThrow(
      `${path}, line 2, field "response.choices.0.message"`,
    );
    const rolePath = await writeLines([{ messages: [{ role: "robot", content: "x" }] }]);
    await expect(importConversations({ format: "openai", paths: [rolePath] })).rejects.toThrow(
      `${rolePath}, line 1, field "messages.0.role"`,
    );
    const callPath = await writeLines([
      { messages: [{ role: "assistant", content: null, tool_calls: [{ id: "1" }] }] },
    ]);
    await expect(importConversations({ format: "openai", paths: [callPath] })).rejects.toThrow(
      `line 1, field "messages.0.tool_calls.0.function.name"`,
    );
  });
});
