import type { LanguageModelV3 } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { DlmpoError } from "../errors/dlmpo-error.js";
import type { Example, Task } from "../spec/task.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { evaluatePrompt } from "./evaluate-prompt.js";

// evaluatePrompt never calls the target itself; the fake task below ignores it.
const target = {} as LanguageModelV3;
const examples: readonly Example[] = Array.from({ length: 20 }, (_, index) => ({
  id: `e${index}`,
  fields: { n: index },
  expected: "x",
}));

/** A task whose rollouts take a tick of real time, succeed on even ids, and report the most in flight at once. */
function createCountingTask(options: { readonly failAt?: number; readonly failEvery?: number } = {}) {
  const state = { inFlight: 0, maxInFlight: 0, started: 0 };
  const task: Task = {
    id: "counting",
    description: "test",
    seedPrompt: "p",
    loadSplit: async () => examples,
    async rollout({ example, systemPrompt }) {
      state.started += 1;
      state.inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      const n = Number(example.fields.n);
      await new Promise((resolve) => setTimeout(resolve, (n % 3) * 2));
      state.inFlight -= 1;
      if (n === options.failAt) throw new DlmpoError({ code: "provider-error", message: "boom" });
      if (options.failEvery !== undefined && n % options.failEvery === 0)
        throw new DlmpoError({ code: "timeout", message: `no answer for ${n}` });
      return { exampleId: example.id, input: String(n), output: systemPrompt, score: n % 2 === 0 ? 1 : 0 };
    },
    summarize: (traces) => [{ name: "mean", value: traces.length, low: 0, high: 0 }],
  };
  return { task, state };
}

describe("evaluatePrompt", () => {
  it("runs every example within the concurrency limit and keeps the example order", async () => {
    const { task, state } = createCountingTask();
    const progress: number[] = [];
    const result = await evaluatePrompt({
      task,
      prompt: "P",
      examples,
      target,
      runtime: createFakeRuntime(),
      concurrency: 3,
      onResult: ({ completed, total }) => progress.push(completed / total),
    });
    expect(result.traces.map((trace) => trace.exampleId)).toEqual(examples.map((example) => example.id));
    expect(result.traces.every((trace) => trace.output === "P")).toBe(true);
    expect(result.meanScore).toBe(0.5);
    expect(result.metrics).toEqual([{ name: "mean", value: 20, low: 0, high: 0 }]);
    expect(state.maxInFlight).toBe(3);
    expect(progress).toHaveLength(20);
    expect(progress.at(-1)).toBe(1);
  });

  it("stops at the first rollout that throws and rethrows its error", async () => {
    const { task, state } = createCountingTask({ failAt: 4 });
    const run = evaluatePrompt({ task, prompt: "P", examples, target, runtime: createFakeRuntime(), concurrency: 2 });
    await expect(run).rejects.toThrow("boom");
    expect(state.started).toBeLessThan(examples.length);
  });

  it("records failed examples with their reason and scores the others, up to maxFailures", async () => {
    const { task } = createCountingTask({ failEvery: 5 });
    const failed: string[] = [];
    const result = await evaluatePrompt({
      task,
      prompt: "P",
      examples,
      target,
      runtime: createFakeRuntime(),
      concurrency: 3,
      maxFailures: 4,
      onFailure: ({ failure }) => failed.push(failure.exampleId),
    });
    expect(result.failures.map((failure) => failure.exampleId)).toEqual(["e0", "e5", "e10", "e15"]);
    expect(result.failures[1]).toMatchObject({ index: 5, code: "timeout", reason: "no answer for 5" });
    expect(failed).toHaveLength(4);
    expect(result.traces).toHaveLength(16);
    expect(result.traces.map((trace) => trace.exampleId)).not.toContain("e5");
    expect(result.metrics[0]?.value).toBe(16);
  });

  it("stops once more than maxFailures examples failed, counting them", async () => {
    const { task, state } = createCountingTask({ failEvery: 2 });
    const run = evaluatePrompt({ task, prompt: "P", examples, target, runtime: createFakeRuntime(), maxFailures: 2 });
    await expect(run).rejects.toMatchObject({
      code: "provider-error",
      message: expect.stringMatching(/^Stopped: 3 examples failed.*more than the 2 allowed/),
    });
    expect(state.started).toBeLessThan(examples.length);
  });

  it("throws an aborted error when the caller aborts", async () => {
    const { task, state } = createCountingTask();
    const controller = new AbortController();
    const run = evaluatePrompt({
      task,
      prompt: "P",
      examples,
      target,
      runtime: createFakeRuntime(),
      concurrency: 1,
      abortSignal: controller.signal,
      onResult: ({ completed }) => {
        if (completed === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: "aborted" });
    expect(state.started).toBe(2);
  });

  it("returns empty results for no examples", async () => {
    const { task } = createCountingTask();
    const result = await evaluatePrompt({ task, prompt: "P", examples: [], target, runtime: createFakeRuntime() });
    expect(result.traces).toEqual([]);
    expect(result.meanScore).toBe(0);
  });
});
