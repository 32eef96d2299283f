import { describe, expect, it } from "vitest";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { startOpenAITestServer } from "../testing/openai-test-server.js";
import { resolveModel } from "./resolve-model.js";

describe("createLazyModel (through resolveModel)", () => {
  it("reports the provider name each provider package gives its models", async () => {
    const { createOpenAI } = await import("@ai-sdk/openai");
    const { createAnthropic } = await import("@ai-sdk/anthropic");
    const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
    const runtime = createFakeRuntime({ env: { OPENAI_API_KEY: "k", ANTHROPIC_API_KEY: "k" } });
    const name = (spec: string): string => resolveModel({ spec, runtime }).model.provider;
    expect(name("openai:o3-mini")).toBe(createOpenAI({ apiKey: "k" }).chat("o3-mini").provider);
    expect(name("anthropic:claude-x")).toBe(createAnthropic({ apiKey: "k" })("claude-x").provider);
    expect(name("openai-compatible:http://127.0.0.1:1/v1#m")).toBe(
      createOpenAICompatible({ name: "openai-compatible", baseURL: "http://127.0.0.1:1/v1" }).chatModel("m").provider,
    );
  });

  it("loads the provider on the first call and answers through it", async () => {
    const server = await startOpenAITestServer({ respond: () => ({ text: "lazy ok" }) });
    try {
      const runtime = createFakeRuntime({ env: { OPENAI_API_KEY: "k", OPENAI_BASE_URL: server.baseURL } });
      // o-series models are served by the AI SDK provider, so the call goes through the lazily loaded package.
      const { model } = resolveModel({ spec: "openai:o3-mini", runtime });
      const result = await model.doGenerate({ prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }] });
      expect(result.content).toEqual([{ type: "text", text: "lazy ok" }]);
    } finally {
      await server.close();
    }
  });
});
