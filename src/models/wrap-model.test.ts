import { generateText } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { type OpenAITestServer, startOpenAITestServer } from "../testing/openai-test-server.js";
import type { TestServerFault } from "../testing/openai-test-server-faults.js";
import type { TestServerRequest } from "../testing/openai-test-server-replies.js";
import { createAdaptiveLimiter } from "./adaptive-limiter.js";
import { resolveModel } from "./resolve-model.js";

let server: OpenAITestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(options: {
  readonly faults: (request: TestServerRequest) => TestServerFault | undefined;
  readonly maxRetries?: number;
  readonly timeoutMs?: number;
}) {
  server = await startOpenAITestServer({ faults: options.faults, respond: () => ({ text: "fine" }) });
  const runtime = createFakeRuntime({ seed: 7 });
  const resolved = resolveModel({
    spec: `openai-compatible:${server.baseURL}#tiny`,
    runtime,
    retry: { maxRetries: options.maxRetries ?? 6, baseDelayMs: 1000, maxDelayMs: 60_000 },
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  return { server, runtime, ...resolved };
}

describe("wrapModel", () => {
  it("retries a 429 after exactly the Retry-After seconds", async () => {
    const { model, runtime, server, meter } = await setup({
      faults: (request) => (request.index === 0 ? { kind: "rate-limit", retryAfter: 7 } : undefined),
    });
    const result = await generateText({ model, prompt: "x" });
    expect(result.text).toBe("fine");
    expect(runtime.clock.now()).toBe(7000);
    expect(server.requests).toHaveLength(2);
    expect(meter.snapshot().total).toMatchObject({ calls: 1, retries: 1, failures: 0 });
  });

  it("honours Retry-After given as an HTTP date", async () => {
    const { model, runtime } = await setup({
      faults: (request) =>
        request.index === 0 ? { kind: "rate-limit", retryAfter: new Date(30_000).toUTCString() } : undefined,
    });
    await generateText({ model, prompt: "x" });
    expect(runtime.clock.now()).toBe(30_000);
  });

  it("retries 500s with jittered exponential backoff", async () => {
    const { model, runtime, server, meter } = await setup({
      faults: (request) => (request.index < 2 ? { kind: "server-error" } : undefined),
    });
    expect((await generateText({ model, prompt: "x" })).text).toBe("fine");
    expect(server.requests).toHaveLength(3);
    expect(runtime.clock.now()).toBeGreaterThan(0);
    expect(runtime.clock.now()).toBeLessThanOrEqual(1000 + 2000);
    expect(meter.snapshot().total.retries).toBe(2);
  });

  it("gives up after maxRetries with a retryable provider-error", async () => {
    const { model, server, meter } = await setup({ faults: () => ({ kind: "server-error" }), maxRetries: 2 });
    const error = await generateText({ model, prompt: "x" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "provider-error", statusCode: 500, isRetryable: true });
    expect(String(error)).toContain("after 3 attempts");
    expect(server.requests).toHaveLength(3);
    expect(meter.snapshot().total).toMatchObject({ calls: 0, failures: 1, retries: 2 });
  });

  it("does not retry a 400", async () => {
    server = await startOpenAITestServer({
      respond: () => ({ status: 400, body: { error: { message: "bad request", type: "invalid_request_error" } } }),
    });
    const { model } = resolveModel({ spec: `openai-compatible:${server.baseURL}#tiny`, runtime: createFakeRuntime() });
    await expect(generateText({ model, prompt: "x" })).rejects.toMatchObject({
      code: "provider-error",
      statusCode: 400,
    });
    expect(server.requests).toHaveLength(1);
  });

  it("times out a hanging server per attempt and reports a timeout error", async () => {
    const { model, server } = await setup({ faults: () => ({ kind: "hang" }), maxRetries: 1, timeoutMs: 100 });
    const error = await generateText({ model, prompt: "x" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "timeout", isRetryable: true });
    expect(server.requests).toHaveLength(2);
  });

  it("retries malformed JSON and dropped connections, then succeeds", async () => {
    const { model, server } = await setup({
      faults: (request) =>
        request.index === 0
          ? { kind: "malformed-json" }
          : request.index === 1
            ? { kind: "drop-connection" }
            : undefined,
    });
    expect((await generateText({ model, prompt: "x" })).text).toBe("fine");
    expect(server.requests).toHaveLength(3);
  });

  it("fails with a retryable error when the connection always drops", async () => {
    const { model, server } = await setup({ faults: () => ({ kind: "drop-connection" }), maxRetries: 2 });
    await expect(generateText({ model, prompt: "x" })).rejects.toMatchObject({
      code: "provider-error",
      isRetryable: true,
    });
    expect(server.requests).toHaveLength(3);
  });

  it("fails with a retryable error when the JSON is always malformed", async () => {
    const { model, server } = await setup({ faults: () => ({ kind: "malformed-json" }), maxRetries: 1 });
    await expect(generateText({ model, prompt: "x" })).rejects.toMatchObject({
      code: "provider-error",
      isRetryable: true,
    });
    expect(server.requests).toHaveLength(2);
  });

  it("stops at once when the caller aborts", async () => {
    const { model } = await setup({ faults: () => ({ kind: "hang" }) });
    const controller = new AbortController();
    const pending = generateText({ model, prompt: "x", abortSignal: controller.signal }).catch(
      (caught: unknown) => caught,
    );
    while ((server?.requestCount ?? 0) < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(new Error("user stop"));
    expect(await pending).toMatchObject({ code: "aborted" });
  });

  it("decreases a shared limiter on 429 and grows it back with successes", async () => {
    server = await startOpenAITestServer({
      faults: (request) => (request.index === 0 ? { kind: "rate-limit", retryAfter: 0 } : undefined),
    });
    const runtime = createFakeRuntime();
    const limiter = createAdaptiveLimiter({
      maxConcurrency: 8,
      increaseEvery: 2,
      decreaseFactor: 0.5,
      clock: runtime.clock,
    });
    const spec = `openai-compatible:${server.baseURL}#tiny`;
    const first = resolveModel({ spec, runtime, limiter });
    const second = resolveModel({ spec, runtime, limiter });
    await generateText({ model: first.model, prompt: "x" });
    expect(limiter.state()).toMatchObject({ limit: 4, decreases: 1 });
    await generateText({ model: second.model, prompt: "y" });
    expect(limiter.state().limit).toBe(5);
  });
});
