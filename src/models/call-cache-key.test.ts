import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { callCacheKey } from "./call-cache-key.js";

const call: LanguageModelV3CallOptions = {
  prompt: [{ role: "user", content: [{ type: "text", text: "hi" }] }],
  temperature: 0,
  maxOutputTokens: 10,
};

describe("callCacheKey", () => {
  it("changes with the model, any sampling parameter, the prompt and tools", () => {
    const base = callCacheKey({ modelId: "a", call });
    const variants: LanguageModelV3CallOptions[] = [
      { ...call, temperature: 0.5 },
      { ...call, maxOutputTokens: 11 },
      { ...call, topP: 0.9 },
      { ...call, seed: 1 },
      { ...call, stopSequences: ["\n"] },
      { ...call, prompt: [{ role: "user", content: [{ type: "text", text: "ho" }] }] },
      { ...call, tools: [{ type: "function", name: "t", inputSchema: { type: "object" } }] },
      { ...call, providerOptions: { openai: { user: "u" } } },
    ];
    const keys = new Set([
      base,
      callCacheKey({ modelId: "b", call }),
      ...variants.map((v) => callCacheKey({ modelId: "a", call: v })),
    ]);
    expect(keys.size).toBe(variants.length + 2);
  });

  it("tells two servers serving the same model name apart", () => {
    const a = callCacheKey({ modelId: "openai-compatible:m", baseURL: "http://127.0.0.1:8001/v1", call });
    const b = callCacheKey({ modelId: "openai-compatible:m", baseURL: "http://127.0.0.1:8002/v1", call });
    expect(a).not.toBe(b);
    expect(a).not.toBe(callCacheKey({ modelId: "openai-compatible:m", call }));
  });

  it("ignores headers and abort signals", () => {
    const base = callCacheKey({ modelId: "a", call });
    const noisy = { ...call, headers: { authorization: "Bearer x" }, abortSignal: new AbortController().signal };
    expect(callCacheKey({ modelId: "a", call: noisy })).toBe(base);
  });

  it("includes the sample index only when temperature > 0", () => {
    const at = (temperature: number, sampleIndex: number) =>
      callCacheKey({ modelId: "a", call: { ...call, temperature, providerOptions: { dlmpo: { sampleIndex } } } });
    expect(at(0, 1)).toBe(at(0, 2));
    expect(at(0, 1)).toBe(callCacheKey({ modelId: "a", call }));
    expect(at(1, 1)).not.toBe(at(1, 2));
  });

  it("includes the sample index at the provider's default temperature when the caller says it samples", () => {
    const { temperature: _greedy, ...unset } = call;
    const at = (sampleIndex: number, sampled?: boolean) =>
      callCacheKey({
        modelId: "a",
        call: { ...unset, providerOptions: { dlmpo: { sampleIndex, ...(sampled === undefined ? {} : { sampled }) } } },
      });
    expect(at(1, true)).not.toBe(at(2, true));
    expect(at(1)).toBe(at(2));
  });
});
