import { describe, expect, it } from "vitest";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { callCostUsd, createUsageMeter, type ModelCallEvent } from "./usage-meter.js";

const event = (overrides: Partial<ModelCallEvent>): ModelCallEvent => ({
  modelId: "openai:gpt-4o",
  outcome: "completed",
  retries: 0,
  inputTokens: 100,
  outputTokens: 10,
  costUsd: 0,
  durationMs: 5,
  ...overrides,
});

describe("createUsageMeter", () => {
  it("sums per model and in total, counting cached calls without tokens or cost", () => {
    const heard: ModelCallEvent[] = [];
    const meter = createUsageMeter({ runtime: createFakeRuntime(), onCall: (call) => heard.push(call) });
    meter.record(event({ costUsd: 0.5 }));
    meter.record(event({ outcome: "cached" }));
    meter.record(event({ modelId: "anthropic:claude-sonnet-4", costUsd: 0.25, inputTokens: 7, outputTokens: 3 }));
    meter.record(event({ outcome: "failed", inputTokens: 0, outputTokens: 0 }));
    meter.recordRetry({ modelId: "openai:gpt-4o" });
    const { perModel, total } = meter.snapshot();
    expect(perModel["openai:gpt-4o"]).toMatchObject({
      calls: 1,
      cachedCalls: 1,
      failures: 1,
      retries: 1,
      inputTokens: 100,
    });
    expect(total).toMatchObject({ calls: 2, cachedCalls: 1, inputTokens: 107, outputTokens: 13, costUsd: 0.75 });
    expect(heard).toHaveLength(4);
  });

  it("marks unpriced models and warns once per model", () => {
    const runtime = createFakeRuntime();
    const meter = createUsageMeter({ runtime });
    meter.record(event({ modelId: "openai-compatible:mystery" }));
    meter.record(event({ modelId: "openai-compatible:mystery" }));
    expect(meter.snapshot().total.isPriced).toBe(false);
    expect(runtime.logs.filter((line) => line.level === "warn").map((line) => line.message)).toEqual([
      'No price known for model "openai-compatible:mystery"; counting tokens only.',
    ]);
  });

  it("prices a call with the table or an override", () => {
    const meter = createUsageMeter({
      runtime: createFakeRuntime(),
      prices: { "openai:custom": { inputPerMillionUsd: 10, outputPerMillionUsd: 20 } },
    });
    expect(callCostUsd({ meter, modelId: "openai:gpt-4o", inputTokens: 1e6, outputTokens: 1e6 })).toBeCloseTo(12.5, 10);
    expect(callCostUsd({ meter, modelId: "openai:custom", inputTokens: 1e6, outputTokens: 0 })).toBeCloseTo(10, 10);
    expect(callCostUsd({ meter, modelId: "openai:unknown-model", inputTokens: 1e6, outputTokens: 0 })).toBe(0);
  });
});
