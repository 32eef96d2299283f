import { describe, expect, it } from "vitest";
import { costUsd, findModelPrice } from "./price-table.js";

describe("findModelPrice", () => {
  it("finds exact, spec-prefixed and dated model ids", () => {
    expect(findModelPrice({ modelId: "gpt-4o-mini" })).toEqual({ inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 });
    expect(findModelPrice({ modelId: "openai:gpt-4o" })?.inputPerMillionUsd).toBe(2.5);
    expect(findModelPrice({ modelId: "gpt-4o-mini-2024-07-18" })?.inputPerMillionUsd).toBe(0.15);
    expect(findModelPrice({ modelId: "anthropic:claude-3-5-haiku-latest" })?.outputPerMillionUsd).toBe(4);
    expect(findModelPrice({ modelId: "openai-compatible:http://h:1/v1#gpt-4.1-mini" })?.outputPerMillionUsd).toBe(1.6);
  });

  it("returns undefined for unknown models and prefers overrides", () => {
    expect(findModelPrice({ modelId: "openai-compatible:qwen" })).toBeUndefined();
    const overrides = { "gpt-4o-mini": { inputPerMillionUsd: 9, outputPerMillionUsd: 9 } };
    expect(findModelPrice({ modelId: "openai:gpt-4o-mini", overrides })?.inputPerMillionUsd).toBe(9);
  });
});

describe("costUsd", () => {
  it("prices input and output tokens per million", () => {
    const price = { inputPerMillionUsd: 3, outputPerMillionUsd: 15 };
    expect(costUsd({ price, inputTokens: 2_000_000, outputTokens: 100_000 })).toBeCloseTo(7.5, 10);
  });
});
