import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import type { OptimizerEvent, OptimizerEventType } from "../spec/events.js";
import { openSqliteStore } from "../store/open-sqlite-store.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { createKeywordTask } from "../testing/keyword-task.js";
import { createMemoryCallCache } from "../testing/memory-call-cache.js";
import { createScriptedProposer } from "../testing/scripted-proposer.js";
import { type OptimizeOptions, optimize, resumeRun } from "./optimize.js";

const target = new MockLanguageModelV3({ provider: "test", modelId: "target" });

function parts() {
  const task = createKeywordTask({ keyword: "carefully", sizes: { train: 30, dev: 32, test: 8 } });
  const proposer = createScriptedProposer({ phrases: ["Think carefully.", "Be quick.", "{{x}}", ""] });
  return { task, proposer, target, runtime: createFakeRuntime(), proposalCache: createMemoryCallCache() };
}

const settings = {
  seed: 3,
  rounds: 4,
  patience: 4,
  candidatesPerRound: 4,
  trainMinibatch: 6,
  devSize: 32,
  testSize: 8,
  halvingInitialExamples: 4,
  concurrency: 3,
  seedPrompt: "Label the review {{text}}. Answer with one word.",
  spanStrategies: { insert: 2, sentence: 1, attributed: 1 },
  attributionExamples: 2,
} satisfies Partial<OptimizeOptions>;

const comparable = (data: readonly unknown[]): unknown[] =>
  data.map((event) => ({ ...(event as Record<string, unknown>), spend: undefined })); // stored data are event objects

class Killed extends Error {}

describe("resumeRun", () => {
  it("ends like an uninterrupted run, repeating no call, after a kill following any event type", async () => {
    const reference = parts();
    const referenceStore = openSqliteStore({ path: ":memory:" });
    const referenceOutcome = await optimize({ ...reference, ...settings, store: referenceStore, runId: "run" });
    if (referenceOutcome.kind !== "run") throw new Error("expected a run");
    const referenceEvents = referenceStore.listEvents("run").map((event) => event.data);
    const types = referenceStore.listEvents("run").map((event) => event.type);
    const everyType: OptimizerEventType[] = [
      "run-started",
      "round-started",
      "rollout-completed",
      "candidate-proposed",
      "candidate-rejected",
      "candidate-scored",
      "candidate-accepted",
      "candidate-declined",
      "frontier-updated",
      "round-completed",
      "run-stopped",
      "test-scored",
      "test-compared",
      "run-completed",
    ];
    for (const type of everyType) {
      const killAfter = types.indexOf(type) + 1;
      expect(killAfter, `the reference run has a ${type} event`).toBeGreaterThan(0);
      const resumed = parts();
      const store = openSqliteStore({ path: ":memory:" });
      let seen = 0;
      const onEvent = (_event: OptimizerEvent): void => {
        seen += 1;
        if (seen === killAfter) throw new Killed(`killed after ${type}`);
      };
      await expect(optimize({ ...resumed, ...settings, store, runId: "run", onEvent })).rejects.toThrow(Killed);
      expect(store.listEvents("run")).toHaveLength(killAfter);
      const result = await resumeRun({ ...resumed, store, runId: "run" });
      expect(result.bestPrompt).toBe(referenceOutcome.bestPrompt);
      expect(result.devScore).toBe(referenceOutcome.devScore);
      expect(result.testMetrics).toEqual(referenceOutcome.testMetrics);
      expect(result.testComparison).toEqual(referenceOutcome.testComparison);
      expect(comparable(store.listEvents("run").map((event) => event.data))).toEqual(comparable(referenceEvents));
      expect(resumed.task.rollouts).toHaveLength(reference.task.rollouts.length);
      expect(resumed.proposer.calls).toHaveLength(reference.proposer.calls.length);
      expect(store.getRun("run")?.status).toBe("completed");
    }
  });

  it("refuses to resume with another task and reports an unknown run", async () => {
    const first = parts();
    const store = openSqliteStore({ path: ":memory:" });
    const stop = new AbortController();
    stop.abort();
    await optimize({ ...first, ...settings, store, runId: "run", abortSignal: stop.signal });
    const other = createKeywordTask({ id: "other", keyword: "x", sizes: { train: 1, dev: 1, test: 1 } });
    await expect(resumeRun({ ...first, task: other, store, runId: "run" })).rejects.toThrow(
      /started with task "keyword"/,
    );
    await expect(resumeRun({ ...first, store, runId: "missing" })).rejects.toThrow(/No optimisation run "missing"/);
  });

  it("refuses to resume when the re-executed run diverges from its stored events", async () => {
    const first = parts();
    const store = openSqliteStore({ path: ":memory:" });
    let count = 0;
    const onEvent = (): void => {
      count += 1;
      if (count === 12) throw new Killed("stop");
    };
    await expect(optimize({ ...first, ...settings, store, runId: "run", onEvent })).rejects.toThrow(Killed);
    const changed = { ...parts(), proposer: createScriptedProposer({ phrases: ["Other words."] }) };
    await expect(resumeRun({ ...changed, store, runId: "run" })).rejects.toThrow(/cannot resume: event \d+ differs/);
  });

  it("stores the judge check after run-started, and resumes a run stored before judge checks without one", async () => {
    const judgeCheck = { judgeModelId: "test:judge", rubric: "- Kind.", unreadable: 0 };
    const store = openSqliteStore({ path: ":memory:" });
    const stop = new AbortController();
    stop.abort();
    await optimize({ ...parts(), ...settings, store, runId: "judged", judgeCheck, abortSignal: stop.signal });
    expect(store.listEvents("judged").map((event) => event.type)).toEqual(["run-started", "judge-checked"]);
    await resumeRun({ ...parts(), store, runId: "judged", judgeCheck });
    expect(store.listEvents("judged").filter((event) => event.type === "judge-checked")).toHaveLength(1);
    let count = 0;
    const onEvent = (): void => {
      count += 1;
      if (count === 5) throw new Killed("stop");
    };
    await expect(optimize({ ...parts(), ...settings, store, runId: "older", onEvent })).rejects.toThrow(Killed);
    const result = await resumeRun({ ...parts(), store, runId: "older", judgeCheck });
    expect(result.status).toBe("completed");
    expect(store.listEvents("older").some((event) => event.type === "judge-checked")).toBe(false);
  });
});
