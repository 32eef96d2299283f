import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveModel } from "../models/resolve-model.js";
import { openSqliteStore } from "../store/open-sqlite-store.js";
import { loadClassificationTask } from "../tasks/classification/load-classification-task.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { messageTextOf, writeVibesDataset } from "../testing/null-world-target.js";
import { type OpenAITestServer, startOpenAITestServer } from "../testing/openai-test-server.js";
import type { TestServerRequest } from "../testing/openai-test-server-replies.js";
import { createScriptedProposer } from "../testing/scripted-proposer.js";
import { optimize, resumeRun } from "./optimize.js";
import type { OptimizeResult } from "./optimize-result.js";

const sizes = { train: 12, dev: 48, test: 6 };

const systemOf = (request: TestServerRequest): string => messageTextOf(request, "system");

/** The scripted target: right every time when told to think carefully, else it always says "positive". */
function answer(request: TestServerRequest): { text: string } {
  const truth = messageTextOf(request, "user").includes("negative vibes") ? "negative" : "positive";
  return { text: systemOf(request).includes("carefully") ? truth : "positive" };
}

describe("optimize against the OpenAI-compatible test server", () => {
  let server: OpenAITestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function setup(directory: string) {
    const runtime = createFakeRuntime();
    const store = openSqliteStore({ path: join(directory, "runs.sqlite") });
    const active = server ?? (await startOpenAITestServer({ respond: answer }));
    server = active;
    const { model, meter } = resolveModel({
      spec: `openai-compatible:${active.baseURL}#test-model`,
      runtime,
      cache: store,
      concurrency: 8,
    });
    const task = await loadClassificationTask({
      name: await writeVibesDataset(directory, sizes),
      dataDir: directory,
      labels: ["negative", "positive"],
      seedPrompt: "Classify the sentiment of the review. Answer with one word.",
    });
    const proposer = createScriptedProposer({ phrases: ["Think carefully.", "Be quick.", "Use plain words."] });
    const parts = { task, target: model, proposer, runtime, store, meters: [meter], proposalCache: store };
    const settings = {
      seed: 11,
      rounds: 4,
      candidatesPerRound: 3,
      trainMinibatch: 4,
      devSize: sizes.dev,
      testSize: sizes.test,
      halvingInitialExamples: 4,
      concurrency: 8,
      spanStrategies: { insert: 1, sentence: 1 },
    };
    return { parts, settings, store, server: active };
  }

  it("finds the wording that makes the target right, within the call budget, touching the test split once", async () => {
    const directory = await mkdtemp(join(tmpdir(), "dlmpo-optimize-"));
    const { parts, settings, server: active } = await setup(directory);
    const budget = 240;
    const outcome = await optimize({ ...parts, ...settings, budgets: { targetCalls: budget }, runId: "run" });
    if (outcome.kind !== "run") throw new Error("expected a run");
    expect(outcome.bestPrompt).toContain("carefully");
    expect(outcome.devScore).toBe(1);
    expect(outcome.lineage[0]?.devScore).toBeCloseTo(24 / 48);
    expect(active.requestCount).toBeLessThanOrEqual(budget);
    expect(outcome.spend.targetCalls).toBe(active.requestCount);
    expect(outcome.spend.byModel?.find((model) => model.role === "target")?.calls).toBe(active.requestCount);
    const testRequests = active.requests.filter((request) => JSON.stringify(request.body).includes("review test"));
    // The seed and the final prompt, each once on the same test examples, after everything else.
    expect(testRequests).toHaveLength(2 * sizes.test);
    expect(active.requests.slice(-2 * sizes.test)).toEqual(testRequests);
    expect(new Set(testRequests.map(systemOf))).toEqual(new Set([outcome.bestPrompt, parts.task.seedPrompt]));
    expect(outcome.testMetrics?.[0]?.value).toBe(1);
    expect(outcome.testComparison).toMatchObject({ examples: sizes.test, seedMean: 0.5, bestMean: 1, test: "mcnemar" });
  });

  it("resumes a killed run to the same result without asking the server again", async () => {
    const referenceDirectory = await mkdtemp(join(tmpdir(), "dlmpo-reference-"));
    const reference = await setup(referenceDirectory);
    const referenceResult = await optimize({ ...reference.parts, ...reference.settings, runId: "run" });
    const referenceRequests = reference.server.requestCount;
    await reference.server.close();
    server = undefined;
    const directory = await mkdtemp(join(tmpdir(), "dlmpo-resume-"));
    const killed = await setup(directory);
    let events = 0;
    const onEvent = (): void => {
      events += 1;
      if (events === 25) throw new Error("killed");
    };
    await expect(optimize({ ...killed.parts, ...killed.settings, runId: "run", onEvent })).rejects.toThrow("killed");
    const resumed: OptimizeResult = await resumeRun({ ...killed.parts, runId: "run" });
    if (referenceResult.kind !== "run") throw new Error("expected a run");
    expect(resumed.bestPrompt).toBe(referenceResult.bestPrompt);
    expect(resumed.testMetrics).toEqual(referenceResult.testMetrics);
    expect(killed.server.requestCount).toBe(referenceRequests);
  });
});
