import { gzipSync } from "node:zlib";
import { OTLPTraceExporter as OTLPProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OtelSpan } from "../spec/otel-span.js";
import { exportAiSdkSpans, type ProgramConversation } from "../testing/export-ai-sdk-spans.test-support.js";
import { type OpenAITestServer, startOpenAITestServer } from "../testing/openai-test-server.js";
import { supportBotReply } from "../testing/support-bot-replies.test-support.js";
import { serveOtlpTraces } from "./serve-otlp-traces.js";
import { spansToConversations } from "./spans-to-conversations.js";

const conversations: readonly ProgramConversation[] = [
  { id: "c1", system: "You help.", turns: ["Where is #Q1?", "And now?"] },
];

describe("serveOtlpTraces", () => {
  let model: OpenAITestServer;
  beforeAll(async () => {
    model = await startOpenAITestServer({ respond: supportBotReply });
  });
  afterAll(async () => model.close());

  it("receives the real OTLP exporter's JSON and protobuf requests into the same conversations", async () => {
    const received: Record<string, OtelSpan[]> = { json: [], protobuf: [] };
    for (const protocol of ["json", "protobuf"] as const) {
      const receiver = await serveOtlpTraces({
        bearerToken: "s3cret",
        onSpans: (spans) => {
          received[protocol]?.push(...spans);
        },
      });
      expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/traces$/);
      await exportAiSdkSpans({
        baseURL: model.baseURL,
        endpoint: receiver.url,
        protocol,
        conversations,
        headers: { authorization: "Bearer s3cret" },
      });
      await receiver.close();
    }
    const fromJson = spansToConversations(received.json ?? []);
    const fromProtobuf = spansToConversations(received.protobuf ?? []);
    expect(fromJson).toHaveLength(1);
    expect(fromJson[0]?.messages).toHaveLength(7);
    expect(fromProtobuf.map((one) => one.messages)).toEqual(fromJson.map((one) => one.messages));
    const span = received.protobuf?.find((one) => one.name === "ai.generateText.doGenerate");
    expect(span?.serviceName).toBe("support-bot");
    expect(span?.attributes["ai.usage.inputTokens"]).toBeTypeOf("number");
    expect(span?.startTimeUnixNano).toMatch(/^1\d{18}$/);
  });

  it("refuses a wrong token, other routes and types, bodies over the limit and bodies that do not decode", async () => {
    const spans: OtelSpan[] = [];
    const receiver = await serveOtlpTraces({
      bearerToken: "t",
      maxBodyBytes: 2000,
      onSpans: (more) => void spans.push(...more),
    });
    const post = (options: {
      body: string | Uint8Array;
      type?: string;
      token?: string;
      path?: string;
      gzip?: boolean;
    }) =>
      fetch(receiver.url.replace("/v1/traces", options.path ?? "/v1/traces"), {
        method: "POST",
        headers: {
          "content-type": options.type ?? "application/json",
          authorization: `Bearer ${options.token ?? "t"}`,
          ...(options.gzip === true ? { "content-encoding": "gzip" } : {}),
        },
        body: options.body,
      });
    try {
      expect((await post({ body: "{}", token: "nope" })).status).toBe(401);
      expect((await post({ body: "{}", path: "/v1/logs" })).status).toBe(404);
      expect((await post({ body: "{}", type: "text/plain" })).status).toBe(415);
      expect((await post({ body: "x".repeat(5000) })).status).toBe(413);
      expect((await post({ body: gzipSync("{".repeat(50_000)), gzip: true })).status).toBe(413);
      const bad = await post({
        body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: "z" }] }] }] }),
      });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({
        message: expect.stringContaining("resourceSpans.0.scopeSpans.0.spans.0.traceId"),
      });
      expect((await post({ body: new Uint8Array([0x0a, 0x05, 0x01]), type: "application/x-protobuf" })).status).toBe(
        400,
      );
      expect((await post({ body: JSON.stringify({ resourceSpans: [] }) })).status).toBe(200);
      expect(spans).toEqual([]);
    } finally {
      await receiver.close();
    }
  });

  it("decodes every protobuf attribute type the exporter writes: negative and large ints, doubles, bools, lists, events", async () => {
    const spans: OtelSpan[] = [];
    const receiver = await serveOtlpTraces({ onSpans: (more) => void spans.push(...more) });
    const provider = new NodeTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(new OTLPProtoExporter({ url: receiver.url }))],
    });
    const parent = provider.getTracer("t").startSpan("parent");
    parent.setAttributes({ negative: -5, large: 2 ** 40, half: 0.25, yes: true, words: ["a", "b"], numbers: [1, 2] });
    parent.addEvent("gen_ai.user.message", { content: "héllo" });
    parent.end();
    await provider.forceFlush();
    await provider.shutdown();
    await receiver.close();
    expect(spans).toHaveLength(1);
    expect(spans[0]?.attributes).toEqual({
      negative: -5,
      large: 2 ** 40,
      half: 0.25,
      yes: true,
      words: ["a", "b"],
      numbers: [1, 2],
    });
    expect(spans[0]?.events).toEqual([
      {
        name: "gen_ai.user.message",
        timeUnixNano: expect.stringMatching(/^1\d{18}$/),
        attributes: { content: "héllo" },
      },
    ]);
    expect(spans[0]?.traceId).toBe(parent.spanContext().traceId);
    expect(spans[0]?.spanId).toBe(parent.spanContext().spanId);
  });
});
