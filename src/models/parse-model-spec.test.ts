import { describe, expect, it } from "vitest";
import { parseModelSpec } from "./parse-model-spec.js";

describe("parseModelSpec", () => {
  it("parses provider specs", () => {
    expect(parseModelSpec({ spec: "openai:gpt-4o-mini" })).toEqual({
      kind: "provider",
      provider: "openai",
      modelId: "gpt-4o-mini",
    });
    expect(parseModelSpec({ spec: "anthropic:claude-sonnet-4-20250514" })).toMatchObject({
      provider: "anthropic",
      modelId: "claude-sonnet-4-20250514",
    });
  });

  it("splits an openai-compatible spec at the last #", () => {
    expect(parseModelSpec({ spec: "openai-compatible:http://127.0.0.1:8000/v1/#org/model:7b" })).toEqual({
      kind: "provider",
      provider: "openai-compatible",
      baseURL: "http://127.0.0.1:8000/v1",
      modelId: "org/model:7b",
    });
  });

  it("resolves custom names before providers", () => {
    expect(parseModelSpec({ spec: "builtin", customNames: ["builtin"] })).toEqual({ kind: "custom", name: "builtin" });
  });

  it("rejects unknown providers with unknown-provider", () => {
    expect(() => parseModelSpec({ spec: "gemini:pro" })).toThrow(expect.objectContaining({ code: "unknown-provider" }));
    expect(() => parseModelSpec({ spec: "gpt-4o" })).toThrow(/Unknown model "gpt-4o"/);
  });

  it("rejects malformed specs with invalid-input", () => {
    for (const spec of [
      "openai:",
      "openai-compatible:http://x/v1",
      "openai-compatible:ftp://x#m",
      "openai-compatible:http://x#",
    ]) {
      expect(() => parseModelSpec({ spec })).toThrow(expect.objectContaining({ code: "invalid-input" }));
    }
  });
});
