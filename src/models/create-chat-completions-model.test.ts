import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3GenerateResult } from "@ai-sdk/provider";
import { APICallError } from "@ai-sdk/provider";
import { afterEach, describe, expect, it } from "vitest";
import {
  type OpenAITestServer,
  type OpenAITestServerOptions,
  startOpenAITestServer,
} from "../testing/openai-test-server.js";
import { classifyCallError } from "./classify-call-error.js";
import { createChatCompletionsModel } from "./create-chat-completions-model.js";
import { createJsonPoster } from "./create-json-poster.js";
import type { ChatCompletionsDialect } from "./to-chat-completions-body.js";

const secretKey = "sk-test-secret-key-42";
let server: OpenAITestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A fallback that records the calls handed to it and answers "from the AI SDK". */
function createRecordingFallback(): LanguageModelV3 & { readonly calls: LanguageModelV3CallOptions[] } {
  const calls: LanguageModelV3CallOptions[] = [];
  const result: LanguageModelV3GenerateResult = {
    content: [{ type: "text", text: "from the AI SDK" }],
    finishReason: { unified: "stop", raw: "stop" },
    usage: {
      inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: undefined },
      outputTokens: { total: 1, text: 1, reasoning: 0 },
    },
    warnings: [],
  };
  return {
    specificationVersion: "v3",
    provider: "openai-compatible.chat",
    modelId: "tiny",
    supportedUrls: {},
    calls,
    doGenerate: async (call) => {
      calls.push(call);
      return result;
    },
    doStream: async () => {
      throw new Error("not used");
    },
  };
}

async function setup(options: OpenAITestServerOptions & { readonly dialect?: ChatCompletionsDialect } = {}) {
  server = await startOpenAITestServer(options);
  const fallback = createRecordingFallback();
  let ids = 0;
  const model = createChatCompletionsModel({
    dialect: options.dialect ?? "openai-compatible",
    modelId: "tiny",
    baseURL: `${server.baseURL}/`,
    apiKey: secretKey,
    poster: createJsonPoster(),
    generateId: () => `generated_${++ids}`,
    fallback,
  });
  return { server, model, fallback };
}

function ask(text: string, extra: Partial<LanguageModelV3CallOptions> = {}): LanguageModelV3CallOptions {
  return {
    prompt: [
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "text", text }] },
    ],
    ...extra,
  };
}

async function failureOf(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("createChatCompletionsModel", () => {
  it("sends the request fields and the key, and returns text, finish reason, usage and response metadata", async () => {
    const { model, server } = await setup({
      respond: () => ({ text: "Sentiment: positive.", usage: { inputTokens: 60, outputTokens: 4 } }),
    });
    const result = await model.doGenerate(
      ask("great film", { temperature: 0, maxOutputTokens: 16, topP: 0.5, stopSequences: ["\n"], seed: 3, topK: 4 }),
    );
    expect(result.content).toEqual([{ type: "text", text: "Sentiment: positive." }]);
    expect(result.finishReason).toEqual({ unified: "stop", raw: "stop" });
    expect(result.usage.inputTokens).toMatchObject({ total: 60, noCache: 60, cacheRead: 0 });
    expect(result.usage.outputTokens).toMatchObject({ total: 4, text: 4, reasoning: 0 });
    expect(result.response).toMatchObject({ id: "cmpl-0", modelId: "tiny" });
    expect(result.response?.timestamp).toBeInstanceOf(Date);
    expect(result.response?.headers?.["content-type"]).toBe("application/json");
    expect(result.warnings).toEqual([{ type: "unsupported", feature: "topK" }]);
    expect(result.providerMetadata).toEqual({ "openai-compatible": {} });
    const request = server.requests[0];
    expect(request?.path).toBe("/v1/chat/completions");
    expect(request?.headers.authorization).toBe(`Bearer ${secretKey}`);
    expect(request?.body).toEqual({
      model: "tiny",
      max_tokens: 16,
      temperature: 0,
      top_p: 0.5,
      stop: ["\n"],
      seed: 3,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "great film" },
      ],
    });
  });

  it("sends tools and a tool conversation, and returns the tool calls the server makes", async () => {
    const { model, server } = await setup({
      respond: () => ({
        toolCalls: [
          { name: "lookup", arguments: { id: 7 } },
          { id: "mine", name: "note", arguments: "{}" },
        ],
      }),
    });
    const parameters = { type: "object", properties: { id: { type: "number" } } } as const;
    const result = await model.doGenerate({
      prompt: [
        { role: "user", content: [{ type: "text", text: "find 6" }] },
        {
          role: "assistant",
          content: [{ type: "tool-call", toolCallId: "c1", toolName: "lookup", input: { id: 6 } }],
        },
        {
          role: "tool",
          content: [
            { type: "tool-result", toolCallId: "c1", toolName: "lookup", output: { type: "json", value: [6] } },
          ],
        },
      ],
      tools: [{ type: "function", name: "lookup", description: "Finds an item.", inputSchema: parameters }],
      toolChoice: { type: "tool", toolName: "lookup" },
    });
    expect(result.content).toEqual([
      { type: "tool-call", toolCallId: "call_0_0", toolName: "lookup", input: '{"id":7}' },
      { type: "tool-call", toolCallId: "mine", toolName: "note", input: "{}" },
    ]);
    expect(result.finishReason.unified).toBe("tool-calls");
    expect(server.requests[0]?.body).toMatchObject({
      messages: [
        { role: "user", content: "find 6" },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "c1", type: "function", function: { name: "lookup", arguments: '{"id":6}' } }],
        },
        { role: "tool", tool_call_id: "c1", content: "[6]" },
      ],
      tools: [{ type: "function", function: { name: "lookup", description: "Finds an item.", parameters } }],
      tool_choice: { type: "function", function: { name: "lookup" } },
    });
  });

  it("reads cached and reasoning tokens, reasoning text and ids the server left out", async () => {
    const body = {
      choices: [
        {
          message: {
            content: "ok",
            reasoning_content: "thinking",
            tool_calls: [{ function: { name: "f", arguments: "{}" } }],
          },
          finish_reason: "length",
        },
      ],
      usage: {
        prompt_tokens: 100,
        completion_tokens: 30,
        prompt_tokens_details: { cached_tokens: 40 },
        completion_tokens_details: { reasoning_tokens: 10, accepted_prediction_tokens: 2 },
      },
    };
    const { model } = await setup({ respond: () => ({ status: 200, body }) });
    const result = await model.doGenerate(ask("x"));
    expect(result.content).toEqual([
      { type: "reasoning", text: "thinking" },
      { type: "text", text: "ok" },
      { type: "tool-call", toolCallId: "generated_1", toolName: "f", input: "{}" },
    ]);
    expect(result.finishReason).toEqual({ unified: "length", raw: "length" });
    expect(result.usage.inputTokens).toEqual({ total: 100, noCache: 60, cacheRead: 40, cacheWrite: undefined });
    expect(result.usage.outputTokens).toEqual({ total: 30, text: 20, reasoning: 10 });
    expect(result.providerMetadata).toEqual({ "openai-compatible": { acceptedPredictionTokens: 2 } });
  });

  it("raises a retryable APICallError for a 429 carrying its Retry-After header", async () => {
    const { model } = await setup({ faults: { rateLimit: 1, retryAfter: 3 } });
    const error = await failureOf(model.doGenerate(ask("x")));
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 429, isRetryable: true, message: "Rate limit reached (injected)." });
    expect(classifyCallError({ error, nowMs: 0 })).toEqual({
      isRetryable: true,
      isRateLimited: true,
      statusCode: 429,
      retryAfterMs: 3000,
    });
  });

  it("raises a retryable APICallError for a 500 and a final one for a 400", async () => {
    const badRequest = { status: 400, body: { error: { message: "Unknown parameter: 'seed'.", type: "invalid" } } };
    const { model } = await setup({
      faults: (request) => (request.index === 0 ? { kind: "server-error" } : undefined),
      respond: () => badRequest,
    });
    expect(await failureOf(model.doGenerate(ask("x")))).toMatchObject({ statusCode: 500, isRetryable: true });
    const error = await failureOf(model.doGenerate(ask("x")));
    expect(error).toMatchObject({ statusCode: 400, isRetryable: false, message: "Unknown parameter: 'seed'." });
    expect(classifyCallError({ error, nowMs: 0 }).isRetryable).toBe(false);
  });

  it("turns malformed JSON and a body of the wrong shape into retryable errors naming the problem", async () => {
    const { model } = await setup({
      faults: (request) => (request.index === 0 ? { kind: "malformed-json" } : undefined),
      respond: () => ({ status: 200, body: { choices: [{ message: { tool_calls: {} } }] } }),
    });
    const malformed = await failureOf(model.doGenerate(ask("x")));
    expect(malformed).toMatchObject({ statusCode: 200, message: "Invalid JSON response: the body is not JSON" });
    expect(classifyCallError({ error: malformed, nowMs: 0 }).isRetryable).toBe(true);
    const wrongShape = await failureOf(model.doGenerate(ask("x")));
    expect(wrongShape).toMatchObject({ message: "Invalid JSON response: message.tool_calls is not an array" });
    expect(classifyCallError({ error: wrongShape, nowMs: 0 }).isRetryable).toBe(true);
  });

  it("raises a retryable 'Cannot connect' error for a dropped connection", async () => {
    const { model } = await setup({ faults: { dropConnection: 1 } });
    const error = await failureOf(model.doGenerate(ask("x")));
    expect(APICallError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^Cannot connect to API: /); // Error: checked as an APICallError above.
    expect(classifyCallError({ error, nowMs: 0 }).isRetryable).toBe(true);
  });

  it("rejects with the abort reason when the signal fires during a hanging request", async () => {
    const { model, server } = await setup({ faults: { hang: 1 } });
    const controller = new AbortController();
    const pending = model.doGenerate(ask("x", { abortSignal: controller.signal }));
    while (server.requestCount < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    const reason = new Error("timed out");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("copies openaiCompatible provider options into the body and warns about the deprecated key", async () => {
    const { model, server } = await setup();
    const result = await model.doGenerate(
      ask("x", {
        providerOptions: {
          "openai-compatible": { user: "u1" },
          openaiCompatible: { steps: 64, reasoningEffort: "low" },
          dlmpo: { sampleIndex: 2 },
        },
      }),
    );
    expect(server.requests[0]?.body).toMatchObject({ user: "u1", steps: 64, reasoning_effort: "low" });
    expect(JSON.stringify(server.requests[0]?.body)).not.toContain("sampleIndex");
    expect(result.warnings).toEqual([{ type: "other", message: expect.stringContaining("deprecated") }]);
    expect(result.providerMetadata).toEqual({ openaiCompatible: {} });
  });

  it("hands calls it does not express to the fallback model", async () => {
    const { model, server, fallback } = await setup({ dialect: "openai" });
    const image = { type: "file", mediaType: "image/png", data: new Uint8Array([1, 2]) } as const;
    const withFile = await model.doGenerate({
      prompt: [{ role: "user", content: [{ type: "text", text: "see" }, image] }],
    });
    const withOptions = await model.doGenerate(ask("x", { providerOptions: { openai: { logprobs: 2 } } }));
    const plain = await model.doGenerate(ask("x"));
    expect([withFile, withOptions].map((result) => result.content)).toEqual([
      [{ type: "text", text: "from the AI SDK" }],
      [{ type: "text", text: "from the AI SDK" }],
    ]);
    expect(fallback.calls).toHaveLength(2);
    expect(plain.content).toEqual([{ type: "text", text: "ok" }]);
    expect(plain.providerMetadata).toEqual({ openai: {} });
    expect(server.requests).toHaveLength(1);
  });

  it("streams the finished answer", async () => {
    const { model } = await setup({ respond: () => ({ text: "streamed" }) });
    const { stream } = await model.doStream(ask("x"));
    const parts: string[] = [];
    for await (const part of stream) if (part.type === "text-delta") parts.push(part.delta);
    expect(parts).toEqual(["streamed"]);
  });
});
