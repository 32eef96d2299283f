import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveModel } from "../models/resolve-model.js";
import { openSqliteStore } from "../store/open-sqlite-store.js";
import { loadClassificationTask } from "../tasks/classification/load-classification-task.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { nullWorldResponder, writeVibesDataset } from "../testing/null-world-target.js";
import { type OpenAITestServer, startOpenAITestServer } from "../testing/openai-test-server.js";
import { createScriptedProposer } from "../testing/scripted-proposer.js";
import { optimize } from "./optimize.js";

const rewardPhrase = "Read the review twice.";
let server: OpenAITestServer;

beforeAll(async () => {
  server = await startOpenAITestServer({ respond: nullWorldResponder({ noiseShare: 0.75, rewardPhrase }) });
});
afterAll(async () => {
  await server.close();
});

// The positive control of bench/false-acceptance.mjs: the acceptance that refuses noise still takes a real gain.
describe("acceptance against the OpenAI-compatible test server (positive control)", () => {
  it("accepts the phrase the target rewards, at the default α over 8 rounds × 8 candidates", async () => {
    const directory = await mkdtemp(join(tmpdir(), "dlmpo-positive-control-"));
    const runtime = createFakeRuntime();
    const store = openSqliteStore({ path: ":memory:" });
    const { model } = resolveModel({ spec: `openai-compatible:${server.baseURL}#target`, runtime, concurrency: 8 });
    const task = await loadClassificationTask({
      name: await writeVibesDataset(directory, { train: 16, dev: 60, test: 40 }),
      dataDir: directory,
      labels: ["negative", "positive"],
      seedPrompt: "Classify the sentiment of the review. Answer with one word.",
    });
    const outcome = await optimize({
      task,
      target: model,
      proposer: createScriptedProposer({
        phrases: [rewardPhrase, "Be brief.", "Use plain words.", "Answer in English."],
      }),
      runtime,
      store,
      seed: 4,
      rounds: 8,
      candidatesPerRound: 8,
      trainMinibatch: 8,
      devSize: 60,
      testSize: 40,
      halvingInitialExamples: 5,
      spanStrategies: { sentence: 1, insert: 1 },
    });
    if (outcome.kind !== "run") throw new Error("expected a run");
    expect(outcome.bestPrompt).toContain(rewardPhrase);
    const accepted = store.listEvents(outcome.runId).flatMap((event) => {
      const data = event.data as { type: string; alpha?: number; adjustedPValue?: number }; // stored optimizer events
      return data.type === "candidate-accepted" ? [data] : [];
    });
    expect(accepted.length).toBeGreaterThan(0);
    for (const verdict of accepted) expect(verdict.adjustedPValue).toBeLessThanOrEqual(0.05 / 8);
    // On test the final prompt is right everywhere; the seed only where the coin fell right.
    expect(outcome.testComparison?.bestMean).toBe(1);
    expect(outcome.testComparison?.interval95[0]).toBeGreaterThan(0);
  });
});
