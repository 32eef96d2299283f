import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import type { OptimizerEvent } from "../spec/events.js";
import { openSqliteStore } from "../store/open-sqlite-store.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { createKeywordTask } from "../testing/keyword-task.js";
import { createMemoryCallCache } from "../testing/memory-call-cache.js";
import { createScriptedProposer } from "../testing/scripted-proposer.js";
import { type OptimizeOptions, optimize, resumeRun } from "./optimize.js";
import type { OptimizeResult } from "./optimize-result.js";

const sizes = { train: 30, dev: 24, test: 12 };
const phrases = ["Think carefully.", "Be quick.", "Use plain words.", "Answer in English."];

function setup(overrides: Partial<OptimizeOptions> = {}) {
  const task = createKeywordTask({ keyword: "carefully", sizes });
  const proposer = createScriptedProposer({ phrases });
  const store = openSqliteStore({ path: ":memory:" });
  const events: OptimizerEvent[] = [];
  const options: OptimizeOptions = {
    task,
    target: new MockLanguageModelV3({ provider: "test", modelId: "target" }),
    proposer,
    runtime: createFakeRuntime(),
    store,
    proposalCache: createMemoryCallCache(),
    seed: 7,
    rounds: 5,
    candidatesPerRound: 4,
    trainMinibatch: 8,
    devSize: 24,
    testSize: 12,
    halvingInitialExamples: 6,
    concurrency: 4,
    onEvent: (event) => events.push(event),
    ...overrides,
  };
  return { task, proposer, store, events, options };
}

async function run(options: OptimizeOptions): Promise<OptimizeResult> {
  const outcome = await optimize(options);
  if (outcome.kind !== "run") throw new Error("expected a run");
  return outcome;
}

const withoutSpend = (events: readonly OptimizerEvent[]): unknown[] =>
  events.map((event) => ({ ...event, spend: undefined }));

describe("optimize", () => {
  it("finds the prompt that makes the target right and scores the test split once, at the end", async () => {
    const { task, events, options, store } = setup();
    const result = await run(options);
    expect(result.status).toBe("completed");
    expect(result.bestPrompt).toContain("carefully");
    expect(result.devScore).toBe(1);
    expect(result.lineage[0]?.devScore).toBeCloseTo(8 / 24);
    expect(result.testMetrics?.[0]?.value).toBe(1);
    expect(events.some((event) => event.type === "candidate-accepted")).toBe(true);
    expect(task.loads.test).toBe(1);
    const testRollouts = task.rollouts.filter((rollout) => rollout.split === "test");
    // The seed and the final prompt on the same test examples, once each, after every decision.
    expect(testRollouts).toHaveLength(2 * sizes.test);
    expect(new Set(testRollouts.map((rollout) => rollout.systemPrompt))).toEqual(
      new Set([result.bestPrompt, task.seedPrompt]),
    );
    expect(task.rollouts.findIndex((rollout) => rollout.split === "test")).toBe(task.rollouts.length - 2 * sizes.test);
    expect(events.filter((event) => event.type === "test-scored").map((event) => event.candidateHash)).toEqual([
      result.lineage[0]?.hash,
      result.bestHash,
    ]);
    expect(result.testComparison).toMatchObject({
      seedHash: result.lineage[0]?.hash,
      bestHash: result.bestHash,
      examples: sizes.test,
      seedMean: 4 / 12,
      bestMean: 1,
      test: "mcnemar",
    });
    expect(result.testComparison?.meanDifference).toBeCloseTo(8 / 12, 12);
    // 8 discordant pairs, all for the final prompt: two-sided exact p = 2 × 2^-8.
    expect(result.testComparison?.pValue).toBeCloseTo(2 / 256, 12);
    expect(events.filter((event) => event.type === "test-compared")).toHaveLength(1);
    expect(store.listResults(result.runId, { split: "test" })).toHaveLength(2 * sizes.test);
    expect(events.at(-1)?.type).toBe("run-completed");
    expect(store.getRun(result.runId)?.status).toBe("completed");
    expect(store.listEvents(result.runId).map((event) => event.type)).toEqual(events.map((event) => event.type));
  });

  it("records the strategy of every proposed candidate's spans", async () => {
    const { events, options } = setup({
      spanStrategies: { insert: 1, delete: 1, random: 1, sentence: 1, attributed: 1 },
    });
    await run(options);
    const strategies = new Set(
      events.flatMap((event) =>
        event.type === "candidate-proposed" ? event.maskedSpans.map((span) => span.strategy) : [],
      ),
    );
    expect(strategies.size).toBeGreaterThanOrEqual(3);
    for (const strategy of strategies)
      expect(["insert", "delete", "random", "sentence", "attributed"]).toContain(strategy);
  });

  it("never exceeds the target-call budget and still scores the test split", async () => {
    for (const limit of [24 + 2 * 12, 60, 83]) {
      const { task, options } = setup({ budgets: { targetCalls: limit } });
      const result = await run(options);
      expect(task.rollouts.length).toBeLessThanOrEqual(limit);
      expect(result.spend.targetCalls).toBe(task.rollouts.length);
      const testRollouts = task.rollouts.filter((rollout) => rollout.split === "test");
      expect(testRollouts).toHaveLength(result.bestHash === result.lineage[0]?.hash ? sizes.test : 2 * sizes.test);
      expect(result.testComparison?.examples).toBe(sizes.test);
      expect(result.stopReason).toBe("budget:targetCalls");
    }
  });

  it("never exceeds the DLM-call budget", async () => {
    const { proposer, options } = setup({ budgets: { dlmCalls: 3 }, rounds: 10, patience: 10 });
    const result = await run(options);
    expect(proposer.calls).toHaveLength(3);
    expect(result.spend.dlmCalls).toBe(3);
    expect(result.stopReason).toBe("budget:dlmCalls");
  });

  it("refuses a target-call budget too small for the seed and test evaluations", async () => {
    const { options } = setup({ budgets: { targetCalls: 20 } });
    await expect(optimize(options)).rejects.toThrow(/budgets\.targetCalls/);
  });

  it("gives the same run for the same seed and a different one for another seed", async () => {
    const first = setup();
    const second = setup();
    const third = setup({ seed: 8 });
    await run(first.options);
    await run(second.options);
    await run(third.options);
    expect(withoutSpend(second.events)).toEqual(withoutSpend(first.events));
    expect(withoutSpend(third.events)).not.toEqual(withoutSpend(first.events));
  });

  it("stops at the target score and on a plateau", async () => {
    // Error control per round: spread over 20 rounds, α could not accept on 12 acceptance examples.
    const target = setup({ targetScore: 0.9, rounds: 20, acceptErrorControl: "round" });
    expect((await run(target.options)).stopReason).toBe("target-score");
    const plateau = setup({ rounds: 20, patience: 2 });
    plateau.options = { ...plateau.options, proposer: createScriptedProposer({ phrases: ["Be quick."] }) };
    const result = await run(plateau.options);
    expect(result.stopReason).toBe("plateau");
    expect(plateau.events.filter((event) => event.type === "round-started")).toHaveLength(2);
  });

  it("rejects unchanged, invalid and duplicate candidates without scoring them", async () => {
    const { events, options } = setup({
      seedPrompt: "Label the review {{text}}. Answer with one word.",
      proposer: createScriptedProposer({ phrases: ["{{other}}", "Be quick.", "Be quick.", ""] }),
      spanStrategies: { insert: 1 },
      rounds: 3,
      patience: 5,
    });
    await run(options);
    const reasons = new Set(events.flatMap((event) => (event.type === "candidate-rejected" ? [event.reason] : [])));
    expect(reasons).toEqual(new Set(["invalid", "duplicate", "unchanged"]));
    for (const round of [1, 2, 3]) {
      const count = (type: OptimizerEvent["type"], extra: (event: OptimizerEvent) => boolean = () => true): number =>
        events.filter((event) => event.type === type && "round" in event && event.round === round && extra(event))
          .length;
      const firstRung = (event: OptimizerEvent): boolean => event.type === "candidate-scored" && event.rung === 0;
      expect(count("candidate-scored", firstRung)).toBe(count("candidate-proposed") - count("candidate-rejected"));
    }
  });

  it("plans a dry run without spending or storing anything, and the run stays within the plan", async () => {
    const { task, proposer, store, options } = setup();
    const outcome = await optimize({ ...options, dryRun: true, costPerTargetCallUsd: 0.001 });
    if (outcome.kind !== "plan") throw new Error("expected a plan");
    expect(task.rollouts).toHaveLength(0);
    expect(proposer.calls).toHaveLength(0);
    expect(store.listRuns()).toHaveLength(0);
    // 12 dev examples select (rungs 6, 12), the other 12 accept the one survivor; the test scores seed and final.
    expect(outcome.plan.rungs).toEqual([6, 12]);
    expect(outcome.plan.acceptanceExamples).toBe(12);
    expect(outcome.plan.targetCalls.perRound).toBe(8 + 4 * 6 + 2 * 6 + 1 * 12);
    expect(outcome.plan.targetCalls.test).toBe(2 * 12);
    expect(outcome.plan.estimatedCostUsd).toBeCloseTo(outcome.plan.targetCalls.total * 0.001);
    const result = await run({ ...options, patience: 10 });
    expect(result.spend.targetCalls).toBeLessThanOrEqual(outcome.plan.targetCalls.total);
    expect(result.spend.dlmCalls).toBeLessThanOrEqual(outcome.plan.dlmCalls);
  });

  it("stops gracefully on abort with status stopped and no test evaluation", async () => {
    const controller = new AbortController();
    const { task, store, options } = setup({
      abortSignal: controller.signal,
      onEvent: (event) => {
        if (event.type === "round-completed" && event.round === 1) controller.abort();
      },
    });
    const result = await run(options);
    expect(result.status).toBe("stopped");
    expect(result.stopReason).toBe("interrupted");
    expect(task.loads.test).toBe(0);
    expect(store.getRun(result.runId)?.status).toBe("stopped");
  });

  it("stops at a round boundary when the stop file exists, and resumes to the uninterrupted result", async () => {
    const stopFile = join(mkdtempSync(join(tmpdir(), "dlmpo-stop-")), "stop");
    const reference = await run(setup().options);
    const { events, options } = setup({
      stopFile,
      onEvent: (event) => {
        events.push(event);
        if (event.type === "round-completed" && event.round === 2) writeFileSync(stopFile, "");
      },
    });
    const stopped = await run(options);
    expect(stopped.status).toBe("stopped");
    expect(events.filter((event) => event.type === "round-started")).toHaveLength(2);
    rmSync(stopFile);
    const resumed = await resumeRun({ ...options, runId: stopped.runId });
    expect(resumed.bestPrompt).toBe(reference.bestPrompt);
    expect(resumed.testMetrics).toEqual(reference.testMetrics);
  });
});
