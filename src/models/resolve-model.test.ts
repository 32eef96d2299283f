import { generateText, jsonSchema, streamText, tool } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { createMemoryCallCache } from "../testing/memory-call-cache.js";
import { type OpenAITestServer, startOpenAITestServer } from "../testing/openai-test-server.js";
import { resolveModel } from "./resolve-model.js";

const secretKey = "sk-live-very-secret-0123456789";
let server: OpenAITestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function lastUserText(body: unknown): string {
  // The chat request body sent by the AI SDK client.
  const messages = (body as { messages: { role: string; content: unknown }[] }).messages;
  const content = messages.filter((message) => message.role === "user").pop()?.content;
  return typeof content === "string" ? content : JSON.stringify(content);
}

async function startEchoServer(): Promise<OpenAITestServer> {
  server = await startOpenAITestServer({
    respond: (request) => ({
      text: `echo: ${lastUserText(request.body)}`,
      usage: { inputTokens: 1000, outputTokens: 500 },
    }),
  });
  return server;
}

describe("resolveModel", () => {
  it("throws missing-api-key at resolve time, naming the variable", () => {
    const runtime = createFakeRuntime({ env: {} });
    const error = (() => {
      try {
        resolveModel({ spec: "openai:gpt-4o-mini", runtime });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DlmpoError);
    expect(error).toMatchObject({ code: "missing-api-key" });
    expect(String(error)).toContain('Missing API key for "openai". Set OPENAI_API_KEY or pass apiKey.');
    expect(() => resolveModel({ spec: "anthropic:claude-3-5-haiku-latest", runtime })).toThrow(/ANTHROPIC_API_KEY/);
  });

  it("throws unknown-provider listing the known providers and custom names", () => {
    const runtime = createFakeRuntime();
    expect(() =>
      resolveModel({
        spec: "mistral:large",
        runtime,
        customModels: {
          builtin: () => {
            throw new Error("not created for an unknown spec");
          },
        },
      }),
    ).toThrow(/openai:, anthropic:, openai-compatible:, builtin/);
  });

  it("calls an openai-compatible server without a key and meters tokens", async () => {
    const { baseURL } = await startEchoServer();
    const runtime = createFakeRuntime();
    const resolved = resolveModel({ spec: `openai-compatible:${baseURL}#tiny`, runtime });
    const result = await generateText({ model: resolved.model, prompt: "hello" });
    expect(result.text).toBe("echo: hello");
    expect(resolved.modelId).toBe("openai-compatible:tiny");
    expect(resolved.meter.snapshot().perModel["openai-compatible:tiny"]).toMatchObject({
      calls: 1,
      inputTokens: 1000,
      outputTokens: 500,
      costUsd: 0,
      isPriced: false,
    });
    expect(runtime.logs.filter((line) => line.level === "warn")).toHaveLength(1);
    await generateText({ model: resolved.model, prompt: "again" });
    expect(runtime.logs.filter((line) => line.level === "warn")).toHaveLength(1);
  });

  it("computes cost from usage with the price table, sending the key from the environment", async () => {
    const { baseURL } = await startEchoServer();
    const runtime = createFakeRuntime({ env: { OPENAI_API_KEY: secretKey } });
    const resolved = resolveModel({ spec: "openai:gpt-4o-mini", runtime, baseURLs: { openai: baseURL } });
    await generateText({ model: resolved.model, prompt: "price me" });
    // 1000 input tokens at 0.15 USD/M + 500 output tokens at 0.60 USD/M.
    expect(resolved.meter.snapshot().total.costUsd).toBeCloseTo((1000 * 0.15 + 500 * 0.6) / 1e6, 12);
    expect(server?.requests[0]?.headers.authorization).toBe(`Bearer ${secretKey}`);
  });

  it("applies price overrides per model spec", async () => {
    const { baseURL } = await startEchoServer();
    const runtime = createFakeRuntime();
    const resolved = resolveModel({
      spec: `openai-compatible:${baseURL}#tiny`,
      runtime,
      prices: { "openai-compatible:tiny": { inputPerMillionUsd: 1, outputPerMillionUsd: 2 } },
    });
    await generateText({ model: resolved.model, prompt: "x" });
    expect(resolved.meter.snapshot().total).toMatchObject({ costUsd: (1000 * 1 + 500 * 2) / 1e6, isPriced: true });
  });

  it("never puts the API key in error messages, even when the server echoes it", async () => {
    server = await startOpenAITestServer({
      respond: (request) => ({
        status: 401,
        body: { error: { message: `Incorrect API key provided: ${request.headers.authorization}`, type: "auth" } },
      }),
    });
    const runtime = createFakeRuntime({ env: { OPENAI_API_KEY: secretKey } });
    const resolved = resolveModel({ spec: "openai:gpt-4o-mini", runtime, baseURLs: { openai: server.baseURL } });
    const error = await generateText({ model: resolved.model, prompt: "x" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "provider-error", statusCode: 401, isRetryable: false });
    expect(String(error)).toContain("HTTP 401");
    expect(String(error)).not.toContain(secretKey);
    expect(JSON.stringify(error)).not.toContain(secretKey);
    expect(server.requests).toHaveLength(1);
  });

  it("makes no HTTP call for a cached call, even in a second resolved model on the same cache", async () => {
    const { baseURL, requests } = await startEchoServer();
    const runtime = createFakeRuntime();
    const cache = createMemoryCallCache();
    const spec = `openai-compatible:${baseURL}#tiny`;
    const first = resolveModel({ spec, runtime, cache });
    const answer = await generateText({ model: first.model, prompt: "cache me", temperature: 0 });
    const second = resolveModel({ spec, runtime, cache });
    const again = await generateText({ model: second.model, prompt: "cache me", temperature: 0 });
    expect(again.text).toBe(answer.text);
    expect(again.usage.inputTokens).toBe(1000);
    expect(requests).toHaveLength(1);
    expect(second.meter.snapshot().total).toMatchObject({ calls: 0, cachedCalls: 1, inputTokens: 0, costUsd: 0 });
  });

  it("keeps the answers of two servers with the same model name apart on one cache", async () => {
    const runtime = createFakeRuntime();
    const cache = createMemoryCallCache();
    const first = await startOpenAITestServer({ respond: () => ({ text: "from A" }) });
    const second = await startOpenAITestServer({ respond: () => ({ text: "from B" }) });
    try {
      const ask = (baseURL: string) =>
        generateText({
          model: resolveModel({ spec: `openai-compatible:${baseURL}#tiny`, runtime, cache }).model,
          prompt: "same question",
          temperature: 0,
        });
      expect((await ask(first.baseURL)).text).toBe("from A");
      expect((await ask(second.baseURL)).text).toBe("from B");
      expect(second.requests).toHaveLength(1);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it("shares one request among identical concurrent calls", async () => {
    const { baseURL, requests } = await startEchoServer();
    const runtime = createFakeRuntime();
    const resolved = resolveModel({
      spec: `openai-compatible:${baseURL}#tiny`,
      runtime,
      cache: createMemoryCallCache(),
    });
    const texts = await Promise.all(
      [1, 2, 3].map(async () => (await generateText({ model: resolved.model, prompt: "same" })).text),
    );
    expect(texts).toEqual(["echo: same", "echo: same", "echo: same"]);
    expect(requests).toHaveLength(1);
    expect(resolved.meter.snapshot().total).toMatchObject({ calls: 1, cachedCalls: 2 });
  });

  it("keys sampled calls by sample index, and ignores the index at temperature 0", async () => {
    const { baseURL, requests } = await startEchoServer();
    const runtime = createFakeRuntime();
    const { model } = resolveModel({
      spec: `openai-compatible:${baseURL}#tiny`,
      runtime,
      cache: createMemoryCallCache(),
    });
    const call = (temperature: number, sampleIndex: number) =>
      generateText({ model, prompt: "sample", temperature, providerOptions: { dlmpo: { sampleIndex } } });
    await call(0.7, 0);
    await call(0.7, 1);
    await call(0.7, 0);
    expect(requests).toHaveLength(2);
    await call(0, 0);
    await call(0, 5);
    expect(requests).toHaveLength(3);
  });

  it("re-asks in refresh mode and skips the cache when off", async () => {
    const { baseURL, requests } = await startEchoServer();
    const runtime = createFakeRuntime();
    const cache = createMemoryCallCache();
    const spec = `openai-compatible:${baseURL}#tiny`;
    await generateText({ model: resolveModel({ spec, runtime, cache }).model, prompt: "p" });
    await generateText({ model: resolveModel({ spec, runtime, cache, cacheMode: "refresh" }).model, prompt: "p" });
    await generateText({ model: resolveModel({ spec, runtime, cache, cacheMode: "off" }).model, prompt: "p" });
    expect(requests).toHaveLength(3);
    expect(cache.sets).toBe(2);
  });

  it("serves streamed calls through the same cache and meter", async () => {
    const { baseURL, requests } = await startEchoServer();
    const runtime = createFakeRuntime();
    const resolved = resolveModel({
      spec: `openai-compatible:${baseURL}#tiny`,
      runtime,
      cache: createMemoryCallCache(),
    });
    const texts: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const result = streamText({ model: resolved.model, prompt: "stream" });
      texts.push(await result.text);
    }
    expect(texts).toEqual(["echo: stream", "echo: stream"]);
    expect(requests).toHaveLength(1);
    expect(resolved.meter.snapshot().total).toMatchObject({ calls: 1, cachedCalls: 1 });
  });

  it("streams tool calls through the wrapper", async () => {
    server = await startOpenAITestServer({
      respond: () => ({
        toolCalls: [{ name: "lookup", arguments: { id: 7 } }],
        usage: { inputTokens: 5, outputTokens: 2 },
      }),
    });
    const runtime = createFakeRuntime();
    const { model } = resolveModel({ spec: `openai-compatible:${server.baseURL}#tiny`, runtime });
    const lookup = tool({
      inputSchema: jsonSchema<{ id: number }>({ type: "object", properties: { id: { type: "number" } } }),
      execute: async ({ id }) => `item ${id}`,
    });
    const result = streamText({ model, prompt: "find 7", tools: { lookup } });
    const calls = await result.toolCalls;
    expect(calls.map((call) => [call.toolName, call.input])).toEqual([["lookup", { id: 7 }]]);
    expect((await result.usage).inputTokens).toBe(5);
  });

  it("reports every call to onCall, also on a shared meter", async () => {
    const { baseURL } = await startEchoServer();
    const runtime = createFakeRuntime();
    const spec = `openai-compatible:${baseURL}#tiny`;
    const events: string[] = [];
    const first = resolveModel({ spec, runtime, cache: createMemoryCallCache() });
    const second = resolveModel({ spec, runtime, meter: first.meter, onCall: (event) => events.push(event.outcome) });
    await generateText({ model: first.model, prompt: "one" });
    await generateText({ model: second.model, prompt: "two" });
    expect(events).toEqual(["completed"]);
    expect(first.meter.snapshot().total.calls).toBe(2);
  });

  it("stops uncached calls the admit gate refuses with budget-exhausted", async () => {
    const { baseURL, requests } = await startEchoServer();
    const runtime = createFakeRuntime();
    const resolved = resolveModel({
      spec: `openai-compatible:${baseURL}#tiny`,
      runtime,
      admit: ({ usage }) => usage.total.calls < 1,
    });
    await generateText({ model: resolved.model, prompt: "one" });
    await expect(generateText({ model: resolved.model, prompt: "two" })).rejects.toMatchObject({
      code: "budget-exhausted",
    });
    expect(requests).toHaveLength(1);
  });

  it("checks the admit gate when a queued call gets its slot, not when it is queued", async () => {
    const { baseURL, requests } = await startEchoServer();
    const resolved = resolveModel({
      spec: `openai-compatible:${baseURL}#tiny`,
      runtime: createFakeRuntime(),
      concurrency: 1,
      admit: ({ usage }) => usage.total.calls < 1,
    });
    const outcomes = await Promise.allSettled(
      ["a", "b", "c"].map((prompt) => generateText({ model: resolved.model, prompt })),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "rejected"]);
    expect(requests).toHaveLength(1);
    expect(resolved.meter.snapshot().total.failures).toBe(0);
  });

  it("sends every request of the lean client through a given fetch", async () => {
    const { baseURL, requests } = await startEchoServer();
    const seen: string[] = [];
    const countingFetch: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    const { model } = resolveModel({
      spec: `openai-compatible:${baseURL}#tiny`,
      runtime: createFakeRuntime(),
      fetch: countingFetch,
    });
    expect((await generateText({ model, prompt: "via fetch" })).text).toBe("echo: via fetch");
    expect(seen).toEqual([`${baseURL}/chat/completions`]);
    expect(requests).toHaveLength(1);
  });

  it("serves GPT-4 models with the lean client and keeps reasoning models on the AI SDK provider", async () => {
    const { baseURL, requests } = await startEchoServer();
    const runtime = createFakeRuntime({ env: { OPENAI_API_KEY: secretKey } });
    const ask = async (modelId: string) => {
      const { model } = resolveModel({ spec: `openai:${modelId}`, runtime, baseURLs: { openai: baseURL } });
      return generateText({ model, prompt: "x", temperature: 0.5, maxOutputTokens: 9 });
    };
    const plain = await ask("gpt-4o-mini");
    const reasoning = await ask("o3-mini");
    expect(requests[0]?.headers["user-agent"]).toMatch(/ dlmpo$/);
    expect(requests[0]?.body).toMatchObject({ model: "gpt-4o-mini", temperature: 0.5, max_tokens: 9 });
    expect(requests[1]?.headers["user-agent"]).toContain("ai-sdk/provider-utils");
    expect(requests[1]?.headers["user-agent"]).not.toContain("dlmpo");
    expect(requests[1]?.body).toMatchObject({ model: "o3-mini", max_completion_tokens: 9 });
    expect(requests[1]?.body).not.toHaveProperty("temperature");
    expect(plain.warnings).toEqual([]);
    expect(reasoning.warnings?.map((warning) => warning.type === "unsupported" && warning.feature)).toContain(
      "temperature",
    );
  });

  it("takes the OpenAI base URL from OPENAI_BASE_URL of the runtime environment", async () => {
    const { baseURL, requests } = await startEchoServer();
    const runtime = createFakeRuntime({ env: { OPENAI_API_KEY: secretKey, OPENAI_BASE_URL: baseURL } });
    const { model } = resolveModel({ spec: "openai:gpt-4.1-mini", runtime });
    expect((await generateText({ model, prompt: "proxied" })).text).toBe("echo: proxied");
    expect(requests[0]?.body).toMatchObject({ model: "gpt-4.1-mini" });
  });

  it("uses a custom model by name without any key", async () => {
    const { baseURL } = await startEchoServer();
    const inner = resolveModel({ spec: `openai-compatible:${baseURL}#tiny`, runtime: createFakeRuntime() }).model;
    const resolved = resolveModel({
      spec: "builtin",
      runtime: createFakeRuntime(),
      customModels: { builtin: () => inner },
    });
    expect(resolved.modelId).toBe("builtin");
    expect((await generateText({ model: resolved.model, prompt: "custom" })).text).toBe("echo: custom");
  });

  it("keeps a custom model's cached answers apart from those of its next version", async () => {
    const { baseURL, requests } = await startEchoServer();
    const cache = createMemoryCallCache();
    const version = (name: string) =>
      resolveModel({
        spec: "builtin",
        runtime: createFakeRuntime(),
        cache,
        customModels: {
          builtin: () =>
            resolveModel({ spec: `openai-compatible:${baseURL}#${name}`, runtime: createFakeRuntime() }).model,
        },
      }).model;
    await generateText({ model: version("v1"), prompt: "same" });
    await generateText({ model: version("v1"), prompt: "same" });
    expect(requests).toHaveLength(1);
    await generateText({ model: version("v2"), prompt: "same" });
    expect(requests).toHaveLength(2);
  });
});
