import type { LanguageModelV3GenerateResult } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { fromCachedResult, toCachedResult } from "./cached-result.js";

const result: LanguageModelV3GenerateResult = {
  content: [
    { type: "text", text: "hello" },
    { type: "tool-call", toolCallId: "c1", toolName: "lookup", input: '{"id":1}' },
    { type: "file", mediaType: "image/png", data: new Uint8Array([1, 2, 255]) },
  ],
  finishReason: { unified: "tool-calls", raw: "tool_calls" },
  usage: {
    inputTokens: { total: 10, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: 4, text: undefined, reasoning: undefined },
  },
  warnings: [],
  response: { id: "r1", modelId: "m", timestamp: new Date(1_700_000_000_000), headers: { "x-secret": "no" } },
};

describe("toCachedResult / fromCachedResult", () => {
  it("round-trips through JSON text with dates and binary data restored as V3 values", () => {
    const stored = JSON.parse(JSON.stringify(toCachedResult(result)));
    const restored = fromCachedResult(stored);
    expect(restored?.content[0]).toEqual({ type: "text", text: "hello" });
    expect(restored?.content[1]).toEqual(result.content[1]);
    expect(restored?.content[2]).toEqual({ type: "file", mediaType: "image/png", data: "AQL/" });
    expect(restored?.response?.timestamp).toEqual(new Date(1_700_000_000_000));
    expect(restored?.usage.inputTokens.total).toBe(10);
    expect(restored?.finishReason).toEqual(result.finishReason);
    expect(restored?.providerMetadata?.dlmpo).toEqual({ cached: true });
    expect(JSON.stringify(stored)).not.toContain("x-secret");
  });

  it("treats anything else as a miss", () => {
    expect(fromCachedResult(undefined)).toBeUndefined();
    expect(fromCachedResult({ version: 2, content: [] })).toBeUndefined();
    expect(fromCachedResult("text")).toBeUndefined();
  });
});
