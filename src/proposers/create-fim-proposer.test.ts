import { afterEach, describe, expect, it } from "vitest";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { type ResolveFimModelOptions, resolveFimModel } from "../models/resolve-fim-model.js";
import type { DiffusionSettings, MaskedSpan } from "../spec/proposer.js";
import type { Runtime } from "../spec/runtime.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { createMemoryCallCache } from "../testing/memory-call-cache.js";
import { type OpenAITestServer, startOpenAITestServer } from "../testing/openai-test-server.js";
import { createFimProposer, type FimProposerOptions } from "./create-fim-proposer.js";

const prompt = "You are a support agent. Be brief. Sign every reply.";
const maskedSpans: MaskedSpan[] = [
  { start: 35, end: 52, slots: 8, strategy: "sentence" },
  { start: 25, end: 34, slots: 6, strategy: "sentence" },
];
const diffusion: DiffusionSettings = { steps: 16, remasking: "low_confidence", temperature: 0, cfgScale: 0 };

interface FimBody {
  readonly prompt: string;
  readonly suffix: string;
  readonly [field: string]: unknown;
}

const bodyOf = (body: unknown): FimBody => body as FimBody; // The test server parsed the JSON FIM request body.

let server: OpenAITestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const fimModel = (options: Partial<ResolveFimModelOptions> & { readonly baseURL: string; readonly runtime: Runtime }) =>
  resolveFimModel({ modelId: "mercury-coder", apiKey: "sk-secret-123", retry: { maxRetries: 2 }, ...options });

const run = async (
  baseURL: string,
  count = 1,
  extra: Partial<Omit<FimProposerOptions, "model">> & Partial<ResolveFimModelOptions> = {},
) => {
  const runtime = extra.runtime ?? createFakeRuntime();
  const resolved = fimModel({ baseURL, runtime, ...extra });
  const result = await createFimProposer({ ...extra, model: resolved.model }).propose({
    prompt,
    maskedSpans,
    conditioning: "expected short answer",
    count,
    seed: 3,
    diffusion,
    runtime,
  });
  return { ...result, meter: resolved.meter };
};

describe("createFimProposer", () => {
  it("fills spans left to right, each request seeing the earlier fills in its prompt", async () => {
    server = await startOpenAITestServer({
      respond: (request) => ({
        text: bodyOf(request.body).suffix.startsWith(" Sign") ? " Reply in one line." : " Never sign.",
      }),
    });
    const result = await run(server.baseURL);
    expect(server.requests.map((request) => request.path)).toEqual(["/v1/fim/completions", "/v1/fim/completions"]);
    const [first, second] = server.requests.map((request) => bodyOf(request.body));
    expect(first?.prompt).toBe("### Feedback\nexpected short answer\n### Prompt\nYou are a support agent. ");
    expect(first).toMatchObject({ suffix: " Sign every reply.", max_tokens: 6, model: "mercury-coder", seed: 3 });
    expect(second?.prompt.endsWith("You are a support agent. Reply in one line. ")).toBe(true);
    expect(second).toMatchObject({ suffix: "", max_tokens: 8 });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer sk-secret-123");
    expect(result.candidates[0]?.fills).toEqual(["Never sign.", "Reply in one line."]);
    expect(result.candidates[0]?.prompt).toBe("You are a support agent. Reply in one line. Never sign.");
    expect(result.candidates[0]?.cost).toEqual({ calls: 2 });
  });

  it("retries a 429 honouring Retry-After and a 500, then succeeds", async () => {
    server = await startOpenAITestServer({
      respond: () => ({ text: "X." }),
      faults: (request) =>
        request.index === 0
          ? { kind: "rate-limit", retryAfter: 2 }
          : request.index === 1
            ? { kind: "server-error" }
            : undefined,
    });
    const runtime = createFakeRuntime();
    const result = await run(server.baseURL, 1, { runtime });
    expect(server.requests).toHaveLength(4);
    expect(runtime.clock.now()).toBeGreaterThanOrEqual(2000);
    expect(result.candidates[0]?.prompt).toBe("You are a support agent. X. X.");
  });

  it("throws provider-error for a server answering the wrong shape", async () => {
    server = await startOpenAITestServer({ respond: () => ({ status: 200, body: { completion: "hi" } }) });
    const error = await run(server.baseURL).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DlmpoError);
    expect(error).toMatchObject({ code: "provider-error" });
    expect(String(error)).toMatch(/wrong shape/);
  });

  it("does not retry a 401 and keeps the API key out of the message", async () => {
    server = await startOpenAITestServer({
      respond: () => ({ status: 401, body: { error: { message: "invalid key" } } }),
    });
    const error = await run(server.baseURL).catch((caught: unknown) => caught);
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ code: "provider-error", statusCode: 401 });
    expect(String(error)).toMatch(/API key/);
    expect(String(error)).not.toContain("sk-secret-123");
  });

  it("sends a different seed per candidate and diffusion settings when asked", async () => {
    server = await startOpenAITestServer({ respond: () => ({ text: "Y." }) });
    const result = await run(server.baseURL, 2, { sendDiffusionSettings: true });
    expect(result.candidates).toHaveLength(2);
    const seeds = server.requests.map((request) => bodyOf(request.body).seed);
    expect([...new Set(seeds)].sort()).toEqual([3, 4]);
    expect(bodyOf(server.requests[0]?.body)).toMatchObject({ steps: 16, remasking: "low_confidence" });
  });

  it("goes through the models layer: cached, metered, and counted as requests", async () => {
    server = await startOpenAITestServer({
      respond: () => ({ text: "Z.", usage: { inputTokens: 40, outputTokens: 3 } }),
    });
    const cache = createMemoryCallCache();
    const first = await run(server.baseURL, 2, { cache });
    expect(first.requests).toBe(4);
    expect(first.meter.snapshot().perModel["fim:mercury-coder"]).toMatchObject({ calls: 4, inputTokens: 160 });
    const again = await run(server.baseURL, 2, { cache });
    expect(server.requests).toHaveLength(4);
    expect(again.meter.snapshot().total).toMatchObject({ calls: 0, cachedCalls: 4 });
  });
});
