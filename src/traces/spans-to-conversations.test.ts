import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportAiSdkSpans } from "../testing/export-ai-sdk-spans.test-support.js";
import { type OpenAITestServer, startOpenAITestServer } from "../testing/openai-test-server.js";
import { supportBotReply } from "../testing/support-bot-replies.test-support.js";
import { importConversations } from "./import-conversations.js";

/**
 * Stands in for an OpenTelemetry Collector with the file exporter: receives OTLP/JSON export requests over HTTP from the
 * real exporter and writes them one per line, as the collector's file exporter does.
 */
async function collectToFile(run: (endpoint: string) => Promise<void>): Promise<string> {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      bodies.push(JSON.stringify(JSON.parse(Buffer.concat(chunks).toString("utf8"))));
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`); // listen() on TCP gives AddressInfo.
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  const path = join(await mkdtemp(join(tmpdir(), "dlmpo-otel-")), "spans.jsonl");
  await writeFile(path, `${bodies.join("\n")}\n`);
  return path;
}

describe("otel import", () => {
  let model: OpenAITestServer;
  beforeAll(async () => {
    model = await startOpenAITestServer({ respond: supportBotReply });
  });
  afterAll(async () => model.close());

  it("reads AI SDK telemetry spans into multi-turn conversations with tool calls and results", async () => {
    const path = await collectToFile((endpoint) =>
      exportAiSdkSpans({
        baseURL: model.baseURL,
        endpoint,
        protocol: "json",
        conversations: [
          { id: "conv-1", system: "You are the shop's assistant.", turns: ["Where is order #A17?", "Thanks a lot"] },
          { id: "conv-2", system: "You are the shop's assistant.", turns: ["Hello there"] },
        ],
      }),
    );
    const { conversations } = await importConversations({ format: "otel", paths: [path] });
    expect(conversations.map((conversation) => conversation.id)).toEqual(["conv-1", "conv-2"]);
    const first = conversations[0];
    expect(first?.messages.map((message) => message.role)).toEqual([
      "system",
      "user",
      "assistant",
      "tool",
      "assistant",
      "user",
      "assistant",
    ]);
    expect(first?.messages[0]?.content).toBe("You are the shop's assistant.");
    expect(first?.messages[2]?.toolCalls).toEqual([
      { id: "call-A17", name: "lookupOrder", arguments: { orderId: "A17" } },
    ]);
    expect(first?.messages[3]).toMatchObject({ role: "tool", toolName: "lookupOrder", toolCallId: "call-A17" });
    expect(first?.messages[3]?.content).toContain("shipped");
    expect(first?.messages[6]?.content).toBe("You said: Thanks a lot");
    expect(first?.aliases?.every((alias) => /^[0-9a-f]{32}$/.test(alias))).toBe(true);
  });

  it("reads GenAI semantic-convention message attributes and message events", async () => {
    const path = await collectToFile(async (endpoint) => {
      const provider = new NodeTracerProvider({
        spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: endpoint }))],
      });
      const tracer = provider.getTracer("genai-app");
      // Current conventions: JSON message attributes (gen-ai-spans.md, "gen_ai.input.messages" / "gen_ai.output.messages").
      tracer
        .startSpan("chat gpt-4o", {
          attributes: {
            "gen_ai.operation.name": "chat",
            "gen_ai.conversation.id": "c-attr",
            "gen_ai.system_instructions": JSON.stringify([{ type: "text", content: "Be brief." }]),
            "gen_ai.input.messages": JSON.stringify([
              { role: "user", parts: [{ type: "text", content: "Weather in Paris?" }] },
              {
                role: "assistant",
                parts: [{ type: "tool_call", id: "t1", name: "weather", arguments: { city: "Paris" } }],
              },
              { role: "tool", parts: [{ type: "tool_call_response", id: "t1", response: "rainy" }] },
            ]),
            "gen_ai.output.messages": JSON.stringify([
              { role: "assistant", parts: [{ type: "text", content: "Rainy." }], finish_reason: "stop" },
            ]),
          },
        })
        .end();
      // Earlier conventions: one event per message (gen-ai-events.md, "gen_ai.user.message", "gen_ai.choice").
      const span = tracer.startSpan("chat gpt-4o-mini", { attributes: { "gen_ai.operation.name": "chat" } });
      span.addEvent("gen_ai.system.message", { content: "Be kind." });
      span.addEvent("gen_ai.user.message", { content: "Hi" });
      span.addEvent("gen_ai.choice", { message: JSON.stringify({ role: "assistant", content: "Hello!" }) });
      span.end();
      await provider.forceFlush();
      await provider.shutdown();
    });
    const { conversations } = await importConversations({ format: "otel", paths: [path] });
    expect(conversations).toHaveLength(2);
    expect(conversations[0]).toMatchObject({
      id: "c-attr",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Weather in Paris?" },
        { role: "assistant", content: "", toolCalls: [{ id: "t1", name: "weather", arguments: { city: "Paris" } }] },
        { role: "tool", content: "rainy", toolCallId: "t1" },
        { role: "assistant", content: "Rainy." },
      ],
    });
    expect(conversations[1]?.messages).toEqual([
      { role: "system", content: "Be kind." },
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello!" },
    ]);
  });

  it("names the file, line and field path of a bad span", async () => {
    const directory = await mkdtemp(join(tmpdir(), "dlmpo-otel-"));
    const path = join(directory, "bad.jsonl");
    const span = { traceId: "not-hex", spanId: "00f067aa0ba902b7", name: "x" };
    await writeFile(
      path,
      `{"resourceSpans":[]}\n${JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] })}\n`,
    );
    await expect(importConversations({ format: "otel", paths: [path] })).rejects.toThrow(
      `${path}, line 2, field "resourceSpans.0.scopeSpans.0.spans.0.traceId": Expected 32 hex digits.`,
    );
  });
});
