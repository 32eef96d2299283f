import { describe, expect, it } from "vitest";
import { createFakeClock } from "../testing/fake-runtime.js";
import { createSpendTracker, type SpendMeter } from "./spend-tracker.js";

function meterOf(usage: { inputTokens: number; outputTokens: number; costUsd: number }): SpendMeter {
  return { snapshot: () => ({ total: { calls: 0, ...usage }, perModel: { "test:target": { calls: 0, ...usage } } }) };
}

describe("createSpendTracker", () => {
  it("keeps the test reserve out of the target-call budget and counts test calls from it", () => {
    const tracker = createSpendTracker({
      budgets: { targetCalls: 5 },
      clock: createFakeClock(),
      meters: [],
      testReserve: 2,
    });
    const granted = Array.from({ length: 5 }, () => tracker.reserveTargetCall({ forTest: false }));
    expect(granted).toEqual([undefined, undefined, undefined, "targetCalls", "targetCalls"]);
    expect(tracker.exhausted()).toBe("targetCalls");
    expect(tracker.reserveTargetCall({ forTest: true })).toBeUndefined();
    expect(tracker.snapshot().targetCalls).toBe(4);
  });

  it("stops before the measured cost would leave no room for the test calls", () => {
    const usage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };
    const tracker = createSpendTracker({
      budgets: { costUsd: 1 },
      clock: createFakeClock(),
      meters: [meterOf(usage)],
      testReserve: 4,
    });
    expect(tracker.reserveTargetCall({ forTest: false })).toBeUndefined();
    usage.costUsd = 0.1;
    // Mean cost 0.1 per call: 0.1 spent + 4 × 0.1 kept for the test stays under 1.
    expect(tracker.reserveTargetCall({ forTest: false })).toBeUndefined();
    usage.costUsd = 0.35;
    // Mean 0.175: 0.35 + 4 × 0.175 = 1.05 ≥ 1.
    expect(tracker.reserveTargetCall({ forTest: false })).toBe("costUsd");
    expect(tracker.reserveTargetCall({ forTest: true })).toBeUndefined();
  });

  it("adds earlier sessions' measured spend and enforces tokens, DLM calls and wall time", () => {
    const clock = createFakeClock();
    const usage = { inputTokens: 100, outputTokens: 50, costUsd: 0 };
    const tracker = createSpendTracker({
      budgets: { tokens: 1000, dlmCalls: 2, wallMs: 60_000 },
      clock,
      meters: [meterOf(usage)],
      testReserve: 0,
      baseline: { targetCalls: 3, dlmCalls: 0, inputTokens: 500, outputTokens: 100, costUsd: 0.5, wallMs: 30_000 },
    });
    usage.inputTokens = 400;
    expect(tracker.snapshot()).toMatchObject({ inputTokens: 800, outputTokens: 100, costUsd: 0.5, wallMs: 30_000 });
    expect(tracker.snapshot().byModel).toEqual([
      { modelId: "test:target", role: "proposer", calls: 0, inputTokens: 300, outputTokens: 0, costUsd: 0 },
    ]);
    expect(tracker.reserveDlmCall()).toBeUndefined();
    usage.inputTokens = 600;
    expect(tracker.reserveDlmCall()).toBe("tokens");
    usage.inputTokens = 100;
    expect(tracker.reserveDlmCall()).toBeUndefined();
    expect(tracker.reserveDlmCall()).toBe("dlmCalls");
    clock.advance(30_000);
    expect(tracker.exhausted()).toBe("dlmCalls");
    expect(tracker.reserveTargetCall({ forTest: false })).toBe("wallMs");
  });

  it("reserves whole DLM requests, all or none, and takes back those a call did not make", () => {
    const tracker = createSpendTracker({
      budgets: { dlmCalls: 5 },
      clock: createFakeClock(),
      meters: [],
      testReserve: 0,
    });
    expect(tracker.reserveDlmCall({ requests: 4 })).toBeUndefined();
    expect(tracker.reserveDlmCall({ requests: 2 })).toBe("dlmCalls");
    tracker.releaseDlmRequests(2);
    expect(tracker.snapshot().dlmCalls).toBe(2);
    expect(tracker.reserveDlmCall({ requests: 3 })).toBeUndefined();
    expect(tracker.reserveDlmCall()).toBe("dlmCalls");
    expect(tracker.snapshot().dlmCalls).toBe(5);
  });

  it("stops the loop early enough for the final test to fit in the wall-clock budget", () => {
    const clock = createFakeClock();
    const tracker = createSpendTracker({ budgets: { wallMs: 10_000 }, clock, meters: [], testReserve: 10 });
    expect(tracker.reserveTargetCall({ forTest: false })).toBeUndefined();
    clock.advance(400);
    // 400 ms per target call so far: 400 + 10 × 400 = 4400 < 10000.
    expect(tracker.reserveTargetCall({ forTest: false })).toBeUndefined();
    clock.advance(3000);
    // 3400 ms over 2 calls = 1700 per call: 3400 + 10 × 1700 ≥ 10000, though the clock alone is far from it.
    expect(tracker.reserveTargetCall({ forTest: false })).toBe("wallMs");
    expect(tracker.reserveTargetCall({ forTest: true })).toBeUndefined();
  });

  it("names each model's role: the target, the roles given, and proposer for the rest", () => {
    const usage = { calls: 1, inputTokens: 10, outputTokens: 5, costUsd: 0 };
    const meter: SpendMeter = {
      snapshot: () => ({ total: usage, perModel: { "a:agent": usage, "a:user": usage, "a:dlm": usage } }),
    };
    const tracker = createSpendTracker({
      budgets: {},
      clock: createFakeClock(),
      meters: [meter],
      testReserve: 0,
      targetModelId: "a:agent",
      modelRoles: { "a:user": "user" },
      baseline: { targetCalls: 0, dlmCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, wallMs: 0, byModel: [] },
    });
    expect(tracker.snapshot().byModel?.map((model) => [model.modelId, model.role])).toEqual([
      ["a:agent", "target"],
      ["a:user", "user"],
      ["a:dlm", "proposer"],
    ]);
  });

  it("keeps one model's target and DLM spend apart when the DLM has a meter of its own", () => {
    const usage = (calls: number) => ({ calls, inputTokens: 10 * calls, outputTokens: calls, costUsd: 0.01 * calls });
    const target: SpendMeter = { snapshot: () => ({ total: usage(4), perModel: { "openai:m": usage(4) } }) };
    const dlm: SpendMeter = {
      role: "proposer",
      snapshot: () => ({ total: usage(2), perModel: { "openai:m": usage(2) } }),
    };
    const tracker = createSpendTracker({
      budgets: {},
      clock: createFakeClock(),
      meters: [target, dlm],
      testReserve: 0,
      targetModelId: "openai:m",
    });
    expect(tracker.snapshot().byModel?.map((model) => [model.modelId, model.role])).toEqual([
      ["openai:m", "target"],
      ["openai:m", "proposer"],
    ]);
    const resumed = createSpendTracker({
      budgets: {},
      clock: createFakeClock(),
      meters: [target, dlm],
      testReserve: 0,
      targetModelId: "openai:m",
      baseline: {
        targetCalls: 0,
        dlmCalls: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        wallMs: 0,
        byModel: [
          { modelId: "openai:m", role: "target", calls: 4, inputTokens: 40, outputTokens: 4, costUsd: 0.04 },
          { modelId: "openai:m", role: "proposer", calls: 2, inputTokens: 20, outputTokens: 2, costUsd: 0.02 },
        ],
      },
    });
    expect(resumed.snapshot().byModel?.map((model) => [model.modelId, model.role, model.calls])).toEqual([
      ["openai:m", "target", 4],
      ["openai:m", "proposer", 2],
    ]);
  });

  it("counts the forward passes of every sampled candidate, dropped ones included, and how many were dropped", () => {
    const tracker = createSpendTracker({ budgets: {}, clock: createFakeClock(), meters: [], testReserve: 0 });
    expect(tracker.snapshot()).not.toHaveProperty("droppedCandidates");
    expect(tracker.snapshot()).not.toHaveProperty("dlmForwardPasses");
    const candidate = { prompt: "p", fills: [], maskedSpans: [], cost: { forwardPasses: 8 } };
    tracker.recordProposal({
      candidates: [candidate],
      dropped: [{ reason: 'repeats "be"', cost: { forwardPasses: 6 } }],
    });
    tracker.recordProposal({ candidates: [], dropped: [{ reason: "doubled", cost: { forwardPasses: 8 } }] });
    expect(tracker.snapshot()).toMatchObject({ dlmForwardPasses: 22, droppedCandidates: 2 });
    // A chat DLM reports calls, not forward passes: the dropped count is kept, no forward passes are made up.
    const chat = createSpendTracker({ budgets: {}, clock: createFakeClock(), meters: [], testReserve: 0 });
    chat.recordProposal({ candidates: [], dropped: [{ reason: "no fills", cost: { calls: 2 } }] });
    expect(chat.snapshot()).toMatchObject({ droppedCandidates: 1 });
    expect(chat.snapshot()).not.toHaveProperty("dlmForwardPasses");
  });
});
