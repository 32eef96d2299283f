import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../store/open-sqlite-store.js";
import { writeVibesDataset } from "../../testing/null-world-target.js";
import { type OpenAITestServer, startOpenAITestServer } from "../../testing/openai-test-server.js";
import type { TestServerRequest } from "../../testing/openai-test-server-replies.js";
import { loopFlags } from "./loop-flags.test-support.js";
import { type DlmpoRunResult, runDlmpoBinary } from "./run-dlmpo-binary.js";

const root = join(import.meta.dirname, "..", "..", "..");
const binary = join(root, "bin", "dlmpo.js");
let server: OpenAITestServer;
let folder = "";
/** The result of the first test's uninterrupted run, which the resume test must reproduce. */
let reference: { bestPrompt: string; devScore: number; events: number } | undefined;

function runCli(args: readonly string[]): Promise<DlmpoRunResult> {
  return runDlmpoBinary({ args, cwd: folder });
}

const bodyText = (request: TestServerRequest): string => JSON.stringify(request.body);
const isProposerCall = (request: TestServerRequest): boolean =>
  bodyText(request).includes("You improve system prompts");
const isTargetCall = (request: TestServerRequest): boolean =>
  request.path === "/v1/chat/completions" && !isProposerCall(request);

/** Target: right only when its system prompt says "carefully", else always "positive". DLM: fills every gap. */
function respond(request: TestServerRequest): { text: string } {
  const text = bodyText(request);
  if (isProposerCall(request)) {
    const gaps = new Set(text.match(/\[\[\d+\]\]/g) ?? []).size;
    const seed = (request.body as { seed?: number }).seed ?? 0; // the AI SDK sends the proposer's seed in the body
    const phrase = seed % 2 === 0 ? "Think carefully." : "Be brief.";
    return {
      text: Array.from({ length: Math.max(1, gaps) }, (_, index) => `<fill id="${index + 1}">${phrase}</fill>`).join(
        "\n",
      ),
    };
  }
  const truth = text.includes("negative vibes") ? "negative" : "positive";
  return { text: text.includes("carefully") ? truth : "positive" };
}

const budgetCalls = 400;

const optimizeArgs = (store: string): string[] => [
  "optimize",
  "--task",
  join(folder, "{split}.jsonl"),
  "--labels",
  "negative,positive",
  "--target",
  `openai-compatible:${server.baseURL}#target`,
  "--dlm",
  `chat:openai-compatible:${server.baseURL}#dlm`,
  ...loopFlags({ rounds: 4, candidates: 2, trainMinibatch: 4, devSize: 48, testSize: 6 }),
  "--strategies",
  "insert=1,sentence=1",
  "--seed",
  "3",
  "--concurrency",
  "4",
  "--budget-calls",
  String(budgetCalls),
  "--store",
  store,
];

beforeAll(async () => {
  if (!existsSync(join(root, "dist", "cli", "main.js")))
    throw new Error("dist/ is missing: run `npm run build` first.");
  server = await startOpenAITestServer({ respond });
  folder = mkdtempSync(join(tmpdir(), "dlmpo-optimize-cli-"));
  await writeVibesDataset(folder, { train: 12, dev: 48, test: 6 });
});
afterAll(async () => {
  await server.close();
});

/** The JSON document a `--json` command printed; stdout must hold nothing else (AI SDK warnings go to stderr). */
function jsonOf<T>(stdout: string): T {
  return JSON.parse(stdout) as T; // the command printed this object itself
}

/** The `spend` part of `dlmpo optimize --json`. */
interface OptimizeSpend {
  readonly targetCalls: number;
  readonly dlmCalls: number;
  readonly inputTokens: number;
  readonly byModel: readonly { modelId: string; role: string; calls: number; inputTokens: number }[];
}

describe("dlmpo optimize", () => {
  it("finds the better prompt within the call budget and prints JSON", async () => {
    const before = server.requests.filter(isTargetCall).length;
    const result = await runCli([...optimizeArgs(join(folder, "budget.sqlite")), "--json"]);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    const output = jsonOf<{
      bestPrompt: string;
      devScore: number;
      spend: OptimizeSpend;
      testComparison: { examples: number; seedMean: number; bestMean: number; pValue: number; test: string };
    }>(result.stdout);
    expect(output.bestPrompt).toContain("carefully");
    // Seed (right on the 3 positives of 6) and final (right on all) on the same test examples: McNemar, 3 vs 0.
    expect(output.testComparison).toMatchObject({ examples: 6, seedMean: 0.5, bestMean: 1, test: "mcnemar" });
    expect(output.testComparison.pValue).toBeCloseTo(2 / 8, 12);
    // The chat DLM shares the target's meter, so its tokens show in the spend beside the target's.
    const dlm = output.spend.byModel.find((model) => model.role === "proposer");
    const target = output.spend.byModel.find((model) => model.role === "target");
    expect(dlm?.modelId).toBe("openai-compatible:dlm");
    expect(dlm?.calls).toBe(output.spend.dlmCalls);
    expect(dlm?.inputTokens).toBeGreaterThan(0);
    expect(output.spend.inputTokens).toBe((target?.inputTokens ?? 0) + (dlm?.inputTokens ?? 0));
    expect(output.devScore).toBe(1);
    expect(server.requests.filter(isTargetCall).length - before).toBeLessThanOrEqual(budgetCalls);
    expect(output.spend.targetCalls).toBeLessThanOrEqual(budgetCalls);
    const store = openSqliteStore({ path: join(folder, "budget.sqlite") });
    const run = store.listRuns({ kind: "optimize" })[0];
    reference = { ...output, events: run === undefined ? 0 : store.listEvents(run.id).length };
    store.close();
  });

  it("plans a dry run without calling any model", async () => {
    const before = server.requestCount;
    const result = await runCli([...optimizeArgs(join(folder, "dry.sqlite")), "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/target calls\s+\d+ \(seed on dev 48/);
    expect(result.stdout).toMatch(/dev rungs\s+16, 24 \(selection\), 24 to accept/);
    expect(server.requestCount).toBe(before);
  });

  it("prints seed against final on test, and says plainly when no candidate beat the seed", async () => {
    const improved = await runCli(optimizeArgs(join(folder, "text.sqlite")));
    expect(improved.code).toBe(0);
    expect(improved.stdout).toMatch(/test \(seed\)\s+accuracy 0\.500/);
    expect(improved.stdout).toMatch(/test \(final\)\s+accuracy 1\.000/);
    expect(improved.stdout).toContain("Final − seed on the same 6 test examples: +0.500");
    // 2 of 48 dev examples to accept: no test on them can reach α, so nothing is accepted, and it says so.
    const storePath = join(folder, "kept.sqlite");
    const kept = await runCli([...optimizeArgs(storePath), "--accept-share", "0.04", "--accept-alpha", "0.01"]);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain("No candidate beat the seed prompt: the seed prompt stands.");
    expect(kept.stdout).toMatch(/accepted\s+0/);
    const store = openSqliteStore({ path: storePath });
    const run = store.listRuns({ kind: "optimize" })[0];
    expect(run?.config).toMatchObject({ acceptShare: 0.04, acceptAlpha: 0.01 });
    const events = run === undefined ? [] : store.listEvents(run.id).map((event) => event.type);
    store.close();
    expect(events).toContain("candidate-declined");
    expect(events).toContain("test-compared");
    expect(events).not.toContain("candidate-accepted");
  });

  it("exits 2 with the field named for a bad option", async () => {
    const result = await runCli([...optimizeArgs(join(folder, "bad.sqlite")), "--rounds", "many"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/rounds/);
    const alpha = await runCli([...optimizeArgs(join(folder, "bad.sqlite")), "--accept-alpha", "1"]);
    expect(alpha.code).toBe(2);
    expect(alpha.stderr).toMatch(/^dlmpo: option --accept-alpha: expected a number between 0 and 1/);
  });

  it("resumes a run killed with SIGKILL to the result of an uninterrupted run", async () => {
    const expected = reference;
    if (expected === undefined) throw new Error("the first test provides the reference run");
    const storePath = join(folder, "killed.sqlite");
    const child: ChildProcess = spawn(process.execPath, [binary, ...optimizeArgs(storePath), "--json"], {
      cwd: folder,
      env: { PATH: process.env.PATH ?? "" },
      stdio: "ignore",
    });
    const runId = await waitForEvents(storePath, 12);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const killedStore = openSqliteStore({ path: storePath });
    const killedEvents = killedStore.listEvents(runId).length;
    killedStore.close();
    expect(killedEvents, "the run was killed before its end").toBeLessThan(expected.events);
    const resumed = await runCli(["runs", "resume", runId, "--store", storePath, "--json"]);
    expect(resumed.stderr).not.toMatch(/error/i);
    expect(resumed.code).toBe(0);
    const result = jsonOf<{ bestPrompt: string; devScore: number; status: string }>(resumed.stdout);
    expect(result).toMatchObject({ status: "completed", bestPrompt: expected.bestPrompt, devScore: expected.devScore });
    const resumedStore = openSqliteStore({ path: storePath });
    expect(resumedStore.listEvents(runId)).toHaveLength(expected.events);
    resumedStore.close();
    const listed = await runCli(["runs", "list", "--store", storePath]);
    expect(listed.stdout).toContain(runId);
    expect(listed.stdout).toContain("completed");
    const shown = await runCli(["runs", "show", runId, "--store", storePath]);
    expect(shown.stdout).toContain("candidate-proposed");
  });
});

/** Polls the store until a run has `count` events; returns its id. */
async function waitForEvents(path: string, count: number): Promise<string> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (!existsSync(path)) continue;
    const store = openSqliteStore({ path });
    try {
      const run = store.listRuns({ kind: "optimize" })[0];
      if (run !== undefined && store.listEvents(run.id).length >= count) return run.id;
    } finally {
      store.close();
    }
  }
  throw new Error(`no run reached ${count} events`);
}
