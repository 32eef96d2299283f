import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resolveModel } from "../../models/resolve-model.js";
import { optimize } from "../../optimizer/optimize.js";
import { openSqliteStore } from "../../store/open-sqlite-store.js";
import { createFakeRuntime } from "../../testing/fake-runtime.js";
import { type OpenAITestServer, startOpenAITestServer } from "../../testing/openai-test-server.js";
import {
  betterWording,
  isJudgeRequest,
  loggedSupportConversations,
  replayWorld,
} from "../../testing/replay-world.test-support.js";
import { createScriptedProposer } from "../../testing/scripted-proposer.js";
import { createReplayTask } from "./create-replay-task.js";
import { measureJudgeAgreement } from "./measure-judge-agreement.js";

const seedPrompt = "You are the support assistant of a parcel shop. Answer the customer.";

describe("createReplayTask", () => {
  let server: OpenAITestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function setup(judge: "honest" | "first", mode: "pairwise" | "absolute" = "pairwise") {
    server = await startOpenAITestServer({ respond: replayWorld(judge) });
    const runtime = createFakeRuntime();
    const store = openSqliteStore({ path: join(await mkdtemp(join(tmpdir(), "dlmpo-replay-")), "runs.sqlite") });
    const models = { runtime, cache: store, concurrency: 8 };
    const target = resolveModel({ ...models, spec: `openai-compatible:${server.baseURL}#target` });
    const judgeModel = resolveModel({ ...models, spec: `openai-compatible:${server.baseURL}#judge` });
    const task = createReplayTask({
      conversations: loggedSupportConversations(80, seedPrompt),
      seedPrompt,
      judge: judgeModel.model,
      rubric: "- Acknowledges the customer's trouble.",
      mode,
    });
    const proposer = createScriptedProposer({ phrases: [betterWording, "Be quick.", "Use plain words."] });
    const run = () =>
      optimize({
        task,
        target: target.model,
        proposer,
        runtime,
        store,
        meters: [target.meter, judgeModel.meter],
        runId: `run-${judge}-${mode}`,
        seed: 3,
        rounds: 3,
        candidatesPerRound: 3,
        trainMinibatch: 4,
        devSize: 40,
        testSize: 16,
        concurrency: 8,
        spanStrategies: { insert: 1 },
      });
    return { task, run, judge: judgeModel.model, store };
  }

  it("splits by conversation and replays each logged user turn", async () => {
    const { task } = await setup("honest");
    expect(task.splitSizes).toEqual({ train: 24, dev: 40, test: 16 });
    const dev = await task.loadSplit("dev");
    const train = await task.loadSplit("train");
    const devConversations = new Set(dev.map((example) => example.id.split("#")[0]));
    expect(train.some((example) => devConversations.has(example.id.split("#")[0]))).toBe(false);
  });

  it("a judge that always prefers the first reply yields no accepted change (both orders cancel it)", async () => {
    const { run, store } = await setup("first");
    const outcome = await run();
    if (outcome.kind !== "run") throw new Error("expected a run");
    expect(outcome.bestPrompt).toBe(seedPrompt);
    expect(outcome.lineage).toHaveLength(1);
    // The candidates were judged (in both orders), and every judged score came out a tie.
    const judged = server?.requests.filter(isJudgeRequest) ?? [];
    expect(judged.length).toBeGreaterThan(0);
    expect(judged.length % 2).toBe(0);
    const scores = store.listResults("run-first-pairwise").map((result) => result.score);
    expect(scores.length).toBeGreaterThan(0);
    expect(new Set(scores)).toEqual(new Set([0.5]));
  });

  it("an honest pairwise judge accepts the scripted better wording, with its reasons as feedback", async () => {
    const { run, task } = await setup("honest");
    const outcome = await run();
    if (outcome.kind !== "run") throw new Error("expected a run");
    expect(outcome.bestPrompt).toContain(betterWording);
    expect(outcome.devScore).toBe(1);
    const [example] = await task.loadSplit("train");
    if (example === undefined) throw new Error("no train example");
    const trace = await task.rollout({
      systemPrompt: `${seedPrompt} ${betterWording}`,
      example,
      target: resolveModel({ spec: `openai-compatible:${server?.baseURL}#target`, runtime: createFakeRuntime() }).model,
      runtime: createFakeRuntime(),
    });
    expect(trace.feedback).toContain("judge vs seed: the better reply acknowledges");
  });

  it("scores absolutely (1–5 → 0–1) and measures the judge's agreement with logged thumbs", async () => {
    const { task, judge } = await setup("honest", "absolute");
    const [example] = await task.loadSplit("dev");
    if (example === undefined) throw new Error("no dev example");
    const runtime = createFakeRuntime();
    const target = resolveModel({ spec: `openai-compatible:${server?.baseURL}#target`, runtime }).model;
    expect((await task.rollout({ systemPrompt: seedPrompt, example, target, runtime })).score).toBe(0.25);
    expect((await task.rollout({ systemPrompt: betterWording, example, target, runtime })).score).toBe(1);
    const agreement = await measureJudgeAgreement({
      judge,
      rubric: "- Apologises.",
      conversations: [
        ...loggedSupportConversations(6, seedPrompt),
        {
          id: "liked",
          score: 1,
          messages: [
            { role: "user", content: "late?" },
            { role: "assistant", content: "Sorry! Shipped." },
          ],
        },
      ],
    });
    expect(agreement).toMatchObject({ examples: 3, agreements: 3, unreadable: 0 });
  });

  it("uses the expected answer as the metric, and asks for a judge only when some turn lacks one", async () => {
    const conversations = loggedSupportConversations(4, seedPrompt).map((conversation) => ({
      ...conversation,
      expected: "has shipped",
    }));
    const task = createReplayTask({ conversations, seedPrompt, rubric: "" });
    expect(task.splitSizes.train + task.splitSizes.dev + task.splitSizes.test).toBe(4);
    expect(() =>
      createReplayTask({ conversations: loggedSupportConversations(4, seedPrompt), seedPrompt, rubric: "" }),
    ).toThrow(/field "judge"/);
  });
});
