import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText, jsonSchema, streamText, tool } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import { type OpenAITestServer, startOpenAITestServer } from "./openai-test-server.js";

let server: OpenAITestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function provider(baseURL: string) {
  return createOpenAICompatible({ baseURL, name: "test", apiKey: "sk-test-secret-123456", includeUsage: true });
}

const weatherTool = tool({
  description: "Weather of a city",
  inputSchema: jsonSchema<{ city: string }>({
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
  }),
  execute: async ({ city }) => `sunny in ${city}`,
});

describe("startOpenAITestServer", () => {
  it("answers chat completions from the scripted function and records the request", async () => {
    server = await startOpenAITestServer({
      respond: (request) => ({ text: `index ${request.index}`, usage: { inputTokens: 11, outputTokens: 3 } }),
    });
    const result = await generateText({ model: provider(server.baseURL)("m1"), prompt: "hello", maxRetries: 0 });
    expect(result.text).toBe("index 0");
    expect(result.usage.inputTokens).toBe(11);
    expect(result.usage.outputTokens).toBe(3);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.path).toBe("/v1/chat/completions");
    expect(server.requests[0]?.headers.authorization).toBe("Bearer sk-test-secret-123456");
    expect(JSON.stringify(server.requests[0]?.body)).toContain("hello");
  });

  it("streams text over SSE with usage", async () => {
    server = await startOpenAITestServer({ respond: () => ({ text: "streamed answer" }) });
    const result = streamText({ model: provider(server.baseURL)("m1"), prompt: "hi", maxRetries: 0 });
    const chunks: string[] = [];
    for await (const chunk of result.textStream) chunks.push(chunk);
    expect(chunks.join("")).toBe("streamed answer");
    expect(chunks.length).toBeGreaterThan(1);
    expect((await result.usage).outputTokens).toBeGreaterThan(0);
  });

  it("returns tool calls, non-streaming and streaming", async () => {
    server = await startOpenAITestServer({
      respond: () => ({ toolCalls: [{ name: "weather", arguments: { city: "Oslo" } }] }),
    });
    const model = provider(server.baseURL)("m1");
    const generated = await generateText({ model, prompt: "weather?", tools: { weather: weatherTool }, maxRetries: 0 });
    expect(generated.toolCalls.map((call) => [call.toolName, call.input])).toEqual([["weather", { city: "Oslo" }]]);
    expect(generated.finishReason).toBe("tool-calls");
    const streamed = streamText({ model, prompt: "weather?", tools: { weather: weatherTool }, maxRetries: 0 });
    const calls = await streamed.toolCalls;
    expect(calls.map((call) => [call.toolName, call.input])).toEqual([["weather", { city: "Oslo" }]]);
  });

  it("works with @ai-sdk/openai chat and completion models", async () => {
    server = await startOpenAITestServer({ respond: (request) => ({ text: `on ${request.path}` }) });
    const openai = createOpenAI({ baseURL: server.baseURL, apiKey: "sk-test-secret-123456" });
    const chat = await generateText({ model: openai.chat("gpt-4o-mini"), prompt: "x", maxRetries: 0 });
    expect(chat.text).toBe("on /v1/chat/completions");
    const completion = await generateText({
      model: openai.completion("gpt-3.5-turbo-instruct"),
      prompt: "x",
      maxRetries: 0,
    });
    expect(completion.text).toBe("on /v1/completions");
  });

  it("serves FIM completions and the model list", async () => {
    server = await startOpenAITestServer({
      models: ["mercury-coder"],
      respond: (request) => {
        // The FIM request body is a JSON object with prompt and suffix.
        const body = request.body as { prompt: string; suffix: string };
        return { text: `[${body.prompt}|${body.suffix}]` };
      },
    });
    const fim = await fetch(`${server.baseURL}/fim/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "mercury-coder", prompt: "a", suffix: "b" }),
    });
    // The test server's completion body shape.
    const fimBody = (await fim.json()) as { choices: { text: string }[]; usage: { total_tokens: number } };
    expect(fimBody.choices[0]?.text).toBe("[a|b]");
    expect(fimBody.usage.total_tokens).toBeGreaterThan(0);
    const models = await fetch(`${server.baseURL}/models`);
    // The test server's model list shape.
    const list = (await models.json()) as { data: { id: string }[] };
    expect(list.data.map((model) => model.id)).toEqual(["mercury-coder"]);
  });

  it("injects 429 with Retry-After and 500 by request index", async () => {
    server = await startOpenAITestServer({
      faults: (request) =>
        request.index === 0
          ? { kind: "rate-limit", retryAfter: 7 }
          : request.index === 1
            ? { kind: "server-error" }
            : undefined,
    });
    const model = provider(server.baseURL)("m1");
    const first = await generateText({ model, prompt: "x", maxRetries: 0 }).catch((error: unknown) => error);
    expect(first).toMatchObject({ statusCode: 429, responseHeaders: { "retry-after": "7" } });
    const second = await generateText({ model, prompt: "x", maxRetries: 0 }).catch((error: unknown) => error);
    expect(second).toMatchObject({ statusCode: 500, isRetryable: true });
    const third = await generateText({ model, prompt: "x", maxRetries: 0 });
    expect(third.text).toBe("ok");
  });

  it("injects malformed JSON and dropped connections as client errors", async () => {
    server = await startOpenAITestServer({
      faults: (request) => (request.index === 0 ? { kind: "malformed-json" } : { kind: "drop-connection" }),
    });
    const model = provider(server.baseURL)("m1");
    await expect(generateText({ model, prompt: "x", maxRetries: 0 })).rejects.toThrow();
    await expect(generateText({ model, prompt: "x", maxRetries: 0 })).rejects.toThrow();
    expect(server.requests).toHaveLength(2);
  });

  it("hangs until the client aborts, and close() ends hanging connections", async () => {
    server = await startOpenAITestServer({ faults: { hang: 1 } });
    const model = provider(server.baseURL)("m1");
    const aborted = generateText({ model, prompt: "x", maxRetries: 0, abortSignal: AbortSignal.timeout(100) });
    await expect(aborted).rejects.toThrow();
    const pending = fetch(`${server.baseURL}/chat/completions`, { method: "POST", body: "{}" }).catch(
      (error: unknown) => error,
    );
    while (server.requestCount < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await server.close();
    server = undefined;
    expect(await pending).toBeInstanceOf(Error);
  });

  it("draws seeded fault rates reproducibly per request index", async () => {
    const statuses = async (): Promise<number[]> => {
      const local = await startOpenAITestServer({ faults: { seed: 3, rateLimit: 0.3, serverError: 0.2 } });
      const codes: number[] = [];
      for (let i = 0; i < 30; i += 1) {
        codes.push((await fetch(`${local.baseURL}/chat/completions`, { method: "POST", body: "{}" })).status);
      }
      await local.close();
      return codes;
    };
    const first = await statuses();
    expect(await statuses()).toEqual(first);
    expect(first).toContain(429);
    expect(first).toContain(500);
    expect(first).toContain(200);
  });

  it("adds latency before answering", async () => {
    server = await startOpenAITestServer({ faults: () => ({ kind: "latency", ms: 30 }) });
    const started = performance.now();
    const response = await fetch(`${server.baseURL}/chat/completions`, { method: "POST", body: "{}" });
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });
});
