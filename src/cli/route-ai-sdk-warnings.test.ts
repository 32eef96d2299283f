import { generateText } from "ai";
import { afterEach, describe, expect, it, vi } from "vitest";
import { resolveModel } from "../models/resolve-model.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { startOpenAITestServer } from "../testing/openai-test-server.js";
import { createAiSdkWarningLogger } from "./route-ai-sdk-warnings.js";

const previous = globalThis.AI_SDK_LOG_WARNINGS;

afterEach(() => {
  globalThis.AI_SDK_LOG_WARNINGS = previous;
  vi.restoreAllMocks();
});

describe("createAiSdkWarningLogger", () => {
  it("sends a provider's warnings to the runtime logger and nothing to the console", async () => {
    const server = await startOpenAITestServer({ respond: () => ({ text: "ok" }) });
    const runtime = createFakeRuntime();
    const consoleWarn = vi.spyOn(console, "warn");
    const consoleInfo = vi.spyOn(console, "info");
    globalThis.AI_SDK_LOG_WARNINGS = createAiSdkWarningLogger({ logger: runtime.logger });
    try {
      const { model } = resolveModel({ spec: `openai-compatible:${server.baseURL}#test-model`, runtime });
      // The OpenAI-compatible chat API has no top-k, so the provider returns an "unsupported" warning for it.
      await generateText({ model, prompt: "hi", topK: 5 });
    } finally {
      await server.close();
    }
    const warnings = runtime.logs.filter((line) => line.message.startsWith("AI SDK warning"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.level).toBe("warn");
    expect(warnings[0]?.message).toContain('"topK" is not supported');
    expect(consoleWarn).not.toHaveBeenCalled();
    expect(consoleInfo).not.toHaveBeenCalled();
  });
});
