import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveModel } from "../models/resolve-model.js";
import type { StoredEvent } from "../spec/store.js";
import { openSqliteStore } from "../store/open-sqlite-store.js";
import { loadClassificationTask } from "../tasks/classification/load-classification-task.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { messageTextOf, writeVibesDataset } from "../testing/null-world-target.js";
import { type OpenAITestServer, startOpenAITestServer } from "../testing/openai-test-server.js";
import type { TestServerFault } from "../testing/openai-test-server-faults.js";
import type { TestServerRequest } from "../testing/openai-test-server-replies.js";
import { createScriptedProposer } from "../testing/scripted-proposer.js";
import { optimize, resumeRun } from "./optimize.js";

const sizes = { train: 8, dev: 32, test: 8 };
/** Dev examples that fail (500 after every retry) for any prompt without "carefully": the seed among them. */
const seedFailingDev = ["dev-3", "dev-7", "dev-11", "dev-15", "dev-19", "dev-23", "dev-27", "dev-31"];

/** The target: right every time when told to think carefully, else it always says "positive". */
function answer(request: TestServerRequest): { text: string } {
  const truth = messageTextOf(request, "user").includes("negative vibes") ? "negative" : "positive";
  return { text: messageTextOf(request, "system").includes("carefully") ? truth : "positive" };
}

/** 500s on fixed examples: the seed's odd dev examples above, test 1 for the final prompt only, test 2 for both. */
function faults(request: TestServerRequest): TestServerFault | undefined {
  const user = messageTextOf(request, "user");
  const careful = messageTextOf(request, "system").includes("carefully");
  const fails =
    (!careful && seedFailingDev.some((id) => user.includes(`review ${id.replace("-", " ")}:`))) ||
    (careful && user.includes("review test 1:")) ||
    user.includes("review test 2:");
  return fails ? { kind: "server-error" } : undefined;
}

type Data = Record<string, unknown> & { readonly type: string };
// Stored optimizer events: `data` is the OptimizerEvent object the run wrote.
const dataOf = (events: readonly StoredEvent[]): Data[] => events.map((event) => event.data as Data);
const withoutSpend = (events: readonly StoredEvent[]): unknown[] =>
  dataOf(events).map(({ spend: _spend, ...rest }) => rest);

describe("optimize with examples that fail after their retries", () => {
  let server: OpenAITestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function setup(options: { readonly faulty: boolean }) {
    const directory = await mkdtemp(join(tmpdir(), "dlmpo-failures-"));
    server = await startOpenAITestServer({ respond: answer, faults: options.faulty ? faults : undefined });
    const runtime = createFakeRuntime();
    const store = openSqliteStore({ path: join(directory, "runs.sqlite") });
    const { model } = resolveModel({
      spec: `openai-compatible:${server.baseURL}#test-model`,
      runtime,
      concurrency: 8,
      retry: { baseDelayMs: 1, maxDelayMs: 2, maxRetries: 1 },
    });
    const task = await loadClassificationTask({
      name: await writeVibesDataset(directory, sizes),
      dataDir: directory,
      labels: ["negative", "positive"],
      seedPrompt: "Classify the sentiment of the review. Answer with one word.",
    });
    const proposer = createScriptedProposer({ phrases: ["Think carefully.", "Be quick.", "Use plain words."] });
    const parts = { task, target: model, proposer, runtime, store, proposalCache: store };
    const settings = {
      seed: 11,
      rounds: 3,
      candidatesPerRound: 3,
      trainMinibatch: 4,
      devSize: sizes.dev,
      testSize: sizes.test,
      halvingInitialExamples: 4,
      spanStrategies: { insert: 1, sentence: 1 },
      maxFailures: 60,
    };
    return { parts, settings, store, server };
  }

  it("completes, leaving failed examples out of means and out of both sides of every paired test", async () => {
    const { parts, settings, store } = await setup({ faulty: true });
    const outcome = await optimize({ ...parts, ...settings, runId: "run" });
    if (outcome.kind !== "run") throw new Error("expected a run");
    expect(outcome.status).toBe("completed");
    expect(outcome.bestPrompt).toContain("carefully");
    const events = dataOf(store.listEvents("run"));
    const failed = events.filter((event) => event.type === "example-failed");
    const seedHash = outcome.lineage[0]?.hash;
    expect(
      failed.filter((event) => event.candidateHash === seedHash && event.split === "dev").map((e) => e.exampleId),
    ).toEqual(expect.arrayContaining(seedFailingDev));
    expect(failed.every((event) => typeof event.reason === "string" && event.code === "provider-error")).toBe(true);
    // The seed is right on the 16 positive dev examples; the 8 failed ones are all positive, so its mean is 8 / 24,
    // not 8 / 32 (a failure scored as 0).
    expect(outcome.lineage[0]?.devScore).toBeCloseTo(8 / 24);
    const accepted = events.find((event) => event.type === "candidate-accepted");
    expect(accepted).toBeDefined();
    const acceptanceSize = sizes.dev / 2;
    expect(Number(accepted?.exampleCount) + Number(accepted?.failedExamples)).toBe(acceptanceSize);
    expect(accepted?.failedExamples).toBeGreaterThan(0);
    // Test: example 2 fails for both prompts, example 1 for the final prompt: 6 pairs, 2 left out of both sides.
    expect(outcome.testComparison).toMatchObject({ examples: 6, failedExamples: 2, bestMean: 1 });
    // On the 6 pairs (test 0, 3, 4, 5, 6, 7) the seed is right on the positive ones: 3, 5, 7.
    expect(outcome.testComparison?.seedMean).toBeCloseTo(3 / 6);
    expect(outcome.testMetrics?.[0]?.value).toBe(1);
    expect(events.find((event) => event.type === "test-compared")).toMatchObject({ examples: 6, failedExamples: 2 });
  });

  it("stops as failed past --max-failures, and resumes (recorded failures replayed, unrecorded ones retried)", async () => {
    const { parts, settings, store, server: active } = await setup({ faulty: true });
    await expect(optimize({ ...parts, ...settings, maxFailures: 4, runId: "run" })).rejects.toThrow(
      /5 examples failed after their retries, more than the 4 allowed/,
    );
    expect(store.getRun("run")?.status).toBe("failed");
    expect(dataOf(store.listEvents("run")).map((event) => event.type)).toEqual(["run-started"]);
    active.setFaults(undefined);
    const resumed = await resumeRun({ ...parts, runId: "run" });
    expect(resumed.status).toBe("completed");
    expect(store.getRun("run")?.status).toBe("completed");
    expect(resumed.testComparison).toMatchObject({ examples: sizes.test, failedExamples: 0 });
    expect(dataOf(store.listEvents("run")).some((event) => event.type === "example-failed")).toBe(false);
  });

  it("resumes a killed run with failures to the same events as an uninterrupted one", async () => {
    const reference = await setup({ faulty: true });
    const expected = await optimize({ ...reference.parts, ...reference.settings, runId: "run" });
    const referenceEvents = withoutSpend(reference.store.listEvents("run"));
    await reference.server.close();
    server = undefined;
    const killed = await setup({ faulty: true });
    let events = 0;
    const onEvent = (): void => {
      events += 1;
      if (events === 30) throw new Error("killed");
    };
    await expect(optimize({ ...killed.parts, ...killed.settings, runId: "run", onEvent })).rejects.toThrow("killed");
    expect(dataOf(killed.store.listEvents("run")).some((event) => event.type === "example-failed")).toBe(true);
    const resumed = await resumeRun({ ...killed.parts, runId: "run" });
    if (expected.kind !== "run") throw new Error("expected a run");
    expect(withoutSpend(killed.store.listEvents("run"))).toEqual(referenceEvents);
    expect(resumed.testComparison).toEqual(expected.testComparison);
  });
});
