import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../../store/open-sqlite-store.js";
import { createScriptedTauResponder } from "../../../tasks/tau-bench/create-scripted-tau-responder.js";
import { loadTauDomain } from "../../../tasks/tau-bench/load-tau-domain.js";
import { type OpenAITestServer, startOpenAITestServer } from "../../../testing/openai-test-server.js";
import { demoTaskFlags, loopFlags } from "../loop-flags.test-support.js";
import { type DlmpoRunResult, runDlmpoBinary } from "../run-dlmpo-binary.js";

const root = join(import.meta.dirname, "..", "..", "..", "..");
const dataDir = join(root, "..", "shared", "data");
const hasTauData = existsSync(join(dataDir, "tau-bench", "retail", "tools.json"));
let folder = "";
let server: OpenAITestServer;
/** While set, the chat DLM's answers wait for it: a run is held mid-way so the test can kill the process. */
let dlmGate: Promise<void> | undefined;

function runCli(args: readonly string[]): Promise<DlmpoRunResult> {
  return runDlmpoBinary({ args, cwd: folder });
}

interface CompareJson {
  id: string;
  runs: { runId: string; method: string; seed: number; state: string }[];
  rows: { task: string; method: string; runs: number; testScore?: { value: number }; gain?: { value: number } }[];
  pairs: { first: string; second: string; examples: number; pValue: number }[];
}

const smallBudget = [...loopFlags({ rounds: 1, candidates: 2, trainMinibatch: 4, devSize: 8, testSize: 6 })];

beforeAll(async () => {
  if (!existsSync(join(root, "dist", "cli", "main.js")))
    throw new Error("dist/ is missing: run `npm run build` first.");
  folder = mkdtempSync(join(tmpdir(), "dlmpo-bench-compare-"));
  server = await startOpenAITestServer({
    respond: async (request) => {
      const text = JSON.stringify(request.body);
      if (text.includes("You improve system prompts") || text.includes("[[1]]")) {
        await dlmGate;
        return { text: '<fill id="1">Read the review carefully.</fill>' };
      }
      const truth = text.includes("awful") ? "negative" : "positive";
      return { text: text.includes("carefully") ? truth : "positive" };
    },
  });
  for (const split of ["train", "dev", "test"]) {
    const lines = Array.from({ length: 10 }, (_, index) =>
      JSON.stringify({
        id: `${split}${index}`,
        text: index % 3 === 0 ? "an awful film" : "a fine film",
        label: index % 3 === 0 ? "negative" : "positive",
      }),
    );
    writeFileSync(join(folder, `${split}.jsonl`), `${lines.join("\n")}\n`);
  }
});
afterAll(async () => {
  await server.close();
});

describe("dlmpo bench compare", () => {
  it("compares 3 methods × 3 seeds offline on the built-in models in all four outputs, and reuses every stored run", async () => {
    const store = join(folder, "offline.sqlite");
    const args = [
      "bench",
      "compare",
      ...demoTaskFlags(),
      "--target",
      "builtin",
      "--dlm",
      "builtin",
      "--methods",
      "dlm,random-edit",
      "--seeds",
      "3",
      ...smallBudget,
      "--store",
      store,
    ];
    const first = await runCli([...args, "--markdown", "compare.md", "--out", "compare.html"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^method\s+runs\s+test \(95% CI over seeds\)\s+gain vs seed/m);
    expect(first.stdout).toMatch(/^dlm\s+3\s+\d\.\d{3} \[/m);
    expect(first.stdout).toMatch(/^dlm vs random-edit\s+3\s+18\s/m);
    const markdown = readFileSync(join(folder, "compare.md"), "utf8");
    expect(markdown).toContain("| method | runs | test (95% CI over seeds) |");
    expect(markdown).toContain("dlmpo bench compare --task");
    const html = readFileSync(join(folder, "compare.html"), "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain("test score by method (mean and 95% interval over seeds)");
    expect(html).toContain("test score against cost, one point per run");
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);

    const again = await runCli([...args, "--json"]);
    expect(again.code, again.stderr).toBe(0);
    const output = JSON.parse(again.stdout) as CompareJson; // printed by the command
    expect(output.runs).toHaveLength(9);
    expect(output.runs.every((run) => run.state === "stored")).toBe(true);
    expect(output.rows.map((row) => [row.method, row.runs])).toEqual([
      ["none", 3],
      ["dlm", 3],
      ["random-edit", 3],
    ]);
    expect(output.rows.every((row) => row.testScore !== undefined && row.gain !== undefined)).toBe(true);
    // The none run scores the seed prompt itself: its gain is exactly zero.
    expect(output.rows[0]?.gain?.value).toBe(0);
    expect(output.pairs.map((pair) => `${pair.first}/${pair.second}/${pair.examples}`)).toEqual([
      "none/dlm/18",
      "none/random-edit/18",
      "dlm/random-edit/18",
    ]);
  }, 180_000);

  it("runs against an OpenAI-compatible target and chat DLM, and a killed comparison re-run repeats no stored run", async () => {
    const store = join(folder, "served.sqlite");
    const args = [
      "bench",
      "compare",
      "--task",
      join(folder, "{split}.jsonl"),
      "--labels",
      "negative,positive",
      "--target",
      `openai-compatible:${server.baseURL}#target`,
      "--dlm",
      `chat:openai-compatible:${server.baseURL}#dlm`,
      "--methods",
      "dlm,ar-infill",
      "--seeds",
      "2",
      "--parallel",
      "1",
      ...smallBudget,
      "--store",
      store,
    ];
    let release = (): void => {};
    dlmGate = new Promise((resolve) => {
      release = resolve;
    });
    const child = spawn(process.execPath, [join(root, "bin", "dlmpo.js"), ...args], {
      cwd: folder,
      env: { PATH: process.env.PATH ?? "" },
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    // Wait until the seed's reference run is stored and the DLM run after it is under way (held at its first proposal).
    let ids: string[] = [];
    for (let attempt = 0; attempt < 600 && ids.length < 2; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (!existsSync(store)) continue;
      const opened = openSqliteStore({ path: store });
      try {
        ids = opened
          .listRuns({ kind: "optimize" })
          .map((run) => `${run.id}:${run.status}`)
          .filter((entry) => /-none-s0:completed$|-dlm-s0:running$/.test(entry));
      } finally {
        opened.close();
      }
    }
    expect(ids).toHaveLength(2);
    child.kill("SIGKILL");
    await exited;
    release();
    dlmGate = undefined;
    const before = openSqliteStore({ path: store });
    const noneId = ids.find((entry) => entry.includes("-none-s0"))?.split(":")[0] ?? "";
    const noneBefore = { run: before.getRun(noneId), events: before.listEvents(noneId).length };
    before.close();

    const rerun = await runCli([...args, "--json", "--markdown", "served.md", "--out", "served.html"]);
    expect(rerun.code, rerun.stderr).toBe(0);
    const output = JSON.parse(rerun.stdout) as CompareJson; // printed by the command
    const stateOf = (method: string, seed: number) =>
      output.runs.find((run) => run.method === method && run.seed === seed)?.state;
    expect(stateOf("none", 0)).toBe("stored");
    expect(stateOf("dlm", 0)).toBe("resumed");
    expect(stateOf("ar-infill", 0)).toBe("ran");
    expect(stateOf("dlm", 1)).toBe("ran");
    const after = openSqliteStore({ path: store });
    try {
      expect(after.getRun(noneId)?.updatedAtMs).toBe(noneBefore.run?.updatedAtMs);
      expect(after.listEvents(noneId)).toHaveLength(noneBefore.events);
      expect(after.getRun(output.id)).toMatchObject({ kind: "bench", status: "completed" });
    } finally {
      after.close();
    }
    // The proposer wrote "carefully", which the target rewards: the DLM's gain over the seed is measured.
    expect(output.rows.find((row) => row.method === "dlm")?.testScore).toBeDefined();
    expect(readFileSync(join(folder, "served.md"), "utf8")).toContain("dlm vs ar-infill");
    expect(readFileSync(join(folder, "served.html"), "utf8")).toContain("<svg");
    const table = await runCli(args);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^ar-infill\s+2\s+/m);
    expect(table.stderr).toMatch(/\[6\/6\] .* stored/);
  }, 180_000);

  it("keeps runs in flight together under one limit per model", async () => {
    const slow = await startOpenAITestServer({ latencyMs: 15, respond: () => ({ text: "positive" }) });
    writeFileSync(join(folder, "keys.json"), JSON.stringify({ apiKeys: { "openai-compatible": "sk-test-secret-7" } }));
    try {
      const result = await runCli([
        "bench",
        "compare",
        "--config",
        "keys.json",
        "--task",
        join(folder, "{split}.jsonl"),
        "--labels",
        "negative,positive",
        "--target",
        `openai-compatible:${slow.baseURL}#target`,
        "--methods",
        "random-edit",
        "--seeds",
        "2",
        "--parallel",
        "4",
        "--concurrency",
        "2",
        ...smallBudget,
        "--store",
        join(folder, "limited.sqlite"),
        "--json",
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect((JSON.parse(result.stdout) as CompareJson).runs.every((run) => run.state === "ran")).toBe(true); // printed by the command
      // Four runs at once, each evaluating with up to 2 calls, share the target's limit of 2.
      expect(slow.maxInFlight).toBe(2);
      expect(result.stdout).not.toContain("sk-test-secret-7");
    } finally {
      await slow.close();
    }
  }, 180_000);

  it.skipIf(!hasTauData)(
    "keeps the tau-bench simulated user of parallel runs under one limit per model, as the agent",
    async () => {
      const domain = await loadTauDomain({ dataDir, domain: "retail" });
      const tau = createScriptedTauResponder({
        tasks: [
          ...(await domain.loadTasks("train")),
          ...(await domain.loadTasks("dev")),
          ...(await domain.loadTasks("test")),
        ],
      });
      const inFlight = new Map<string, number>();
      const mostInFlight = new Map<string, number>();
      let mostOverall = 0;
      const tauServer = await startOpenAITestServer({
        respond: async (request) => {
          const model = String((request.body as { model?: unknown }).model); // the chat request the client sent
          inFlight.set(model, (inFlight.get(model) ?? 0) + 1);
          mostInFlight.set(model, Math.max(mostInFlight.get(model) ?? 0, inFlight.get(model) ?? 0));
          mostOverall = Math.max(
            mostOverall,
            [...inFlight.values()].reduce((sum, count) => sum + count, 0),
          );
          try {
            // Long enough for the runs in flight together to overlap.
            await new Promise((resolve) => setTimeout(resolve, 20));
            return await tau(request);
          } finally {
            inFlight.set(model, (inFlight.get(model) ?? 1) - 1);
          }
        },
      });
      try {
        const result = await runCli([
          "bench",
          "compare",
          "--task",
          "tau-retail",
          "--target",
          `openai-compatible:${tauServer.baseURL}#agent`,
          "--user",
          `openai-compatible:${tauServer.baseURL}#user`,
          "--methods",
          "random-edit",
          "--seeds",
          "2",
          "--parallel",
          "4",
          "--concurrency",
          "1",
          ...loopFlags({ rounds: 1, candidates: 1, trainMinibatch: 2, devSize: 2, testSize: 2 }),
          "--data-dir",
          dataDir,
          "--store",
          join(folder, "tau-limits.sqlite"),
          "--json",
        ]);
        expect(result.code, result.stderr).toBe(0);
        expect((JSON.parse(result.stdout) as CompareJson).runs.every((run) => run.state === "ran")).toBe(true); // printed by the command
        // Four runs at once: the agent and the simulated user were each kept to --concurrency 1 over all of them,
        // while calls to the two models overlapped.
        expect(Object.fromEntries(mostInFlight)).toEqual({ agent: 1, user: 1 });
        expect(mostOverall).toBe(2);
      } finally {
        await tauServer.close();
      }
    },
    180_000,
  );

  it.skipIf(!hasTauData)(
    "compares on several tasks at once, tau-bench included",
    async () => {
      const domain = await loadTauDomain({ dataDir, domain: "retail" });
      const tau = createScriptedTauResponder({
        tasks: [
          ...(await domain.loadTasks("train")),
          ...(await domain.loadTasks("dev")),
          ...(await domain.loadTasks("test")),
        ],
      });
      const tauServer = await startOpenAITestServer({ respond: (request) => tau(request) });
      try {
        const result = await runCli([
          "bench",
          "compare",
          "--task",
          "tau-retail",
          "--task",
          join(folder, "{split}.jsonl"),
          "--target",
          `openai-compatible:${tauServer.baseURL}#agent`,
          "--user",
          `openai-compatible:${tauServer.baseURL}#user`,
          "--methods",
          "random-edit",
          "--seeds",
          "1",
          ...loopFlags({ rounds: 1, candidates: 1, trainMinibatch: 2, devSize: 2, testSize: 2 }),
          "--data-dir",
          dataDir,
          "--store",
          join(folder, "tasks.sqlite"),
          "--json",
        ]);
        expect(result.code, result.stderr).toBe(0);
        const output = JSON.parse(result.stdout) as CompareJson & { tasks: string[] }; // printed by the command
        expect(output.tasks).toEqual(["tau-retail", join(folder, "{split}.jsonl")]);
        expect(output.runs).toHaveLength(4);
        // The scripted agent solves its tau-bench tasks: the seed prompt scores 1 on them.
        const tauSeed = output.rows.find((row) => row.task === "tau-retail" && row.method === "none");
        expect(tauSeed?.testScore?.value).toBe(1);
      } finally {
        await tauServer.close();
      }
    },
    180_000,
  );
});
