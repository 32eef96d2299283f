import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../store/open-sqlite-store.js";
import { type OpenAITestServer, startOpenAITestServer } from "../../testing/openai-test-server.js";
import type { TestServerRequest } from "../../testing/openai-test-server-replies.js";
import { runDlmpoBinary } from "./run-dlmpo-binary.js";

const root = join(import.meta.dirname, "..", "..", "..");
let server: OpenAITestServer;
let folder = "";

/** While closed, every request after the first `gateAfter` waits here: a run stays `running` as long as the test wants. */
let gate: { promise: Promise<void>; open: () => void } | undefined;
const gateAfter = 10;

function closeGate(): void {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  gate = { promise, open };
}

function openGate(): void {
  gate?.open();
  gate = undefined;
}

/** Target: right only when its system prompt says "carefully". DLM: fills every gap with "Think carefully.". */
async function respond(request: TestServerRequest): Promise<{ text: string }> {
  if (gate !== undefined && request.index >= gateAfter) await gate.promise;
  const text = JSON.stringify(request.body);
  if (text.includes("You improve system prompts")) {
    const gaps = Math.max(1, new Set(text.match(/\[\[\d+\]\]/g) ?? []).size);
    return {
      text: Array.from({ length: gaps }, (_, index) => `<fill id="${index + 1}">Think carefully.</fill>`).join("\n"),
    };
  }
  const truth = text.includes("negative vibes") ? "negative" : "positive";
  return { text: text.includes("carefully") ? truth : "positive" };
}

beforeAll(async () => {
  if (!existsSync(join(root, "dist", "cli", "main.js")))
    throw new Error("dist/ is missing: run `npm run build` first.");
  server = await startOpenAITestServer({ respond });
  folder = mkdtempSync(join(tmpdir(), "dlmpo-runs-cli-"));
  for (const [split, size] of [
    ["train", 8],
    ["dev", 12],
    ["test", 6],
  ] as const) {
    const lines = Array.from({ length: size }, (_, index) => {
      const label = index % 3 === 0 ? "negative" : "positive";
      return JSON.stringify({ id: `${split}-${index}`, text: `review ${split} ${index}: ${label} vibes`, label });
    });
    writeFileSync(join(folder, `${split}.jsonl`), `${lines.join("\n")}\n`);
  }
});
afterAll(async () => {
  await server.close();
});

const optimizeArgs = (store: string): string[] => [
  "optimize",
  ...["--task", join(folder, "{split}.jsonl"), "--labels", "negative,positive"],
  ...[
    "--target",
    `openai-compatible:${server.baseURL}#target`,
    "--dlm",
    `chat:openai-compatible:${server.baseURL}#dlm`,
  ],
  ...["--rounds", "4", "--candidates", "2", "--train-minibatch", "4", "--dev-size", "12", "--test-size", "6"],
  ...["--strategies", "insert=1,sentence=1", "--seed", "3", "--concurrency", "2", "--store", store],
];

/** Polls the store until its optimisation run has `count` events; returns the run's id. */
async function waitForEvents(path: string, count: number): Promise<string> {
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (!existsSync(path)) continue;
    try {
      const store = openSqliteStore({ path, readOnly: true });
      const run = store.listRuns({ kind: "optimize" })[0];
      const events = run === undefined ? 0 : store.listEvents(run.id).length;
      store.close();
      if (run !== undefined && events >= count) return run.id;
    } catch {
      // The child has created the file but not its tables yet.
    }
  }
  throw new Error(`no run reached ${count} events`);
}

const typeCounts = (path: string, runId: string): Map<string, number> => {
  const store = openSqliteStore({ path, readOnly: true });
  const counts = new Map<string, number>();
  for (const event of store.listEvents(runId)) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
  store.close();
  return counts;
};

describe("dlmpo runs and run leases", () => {
  it("lists a run killed with SIGKILL as interrupted, and lets only one of two concurrent resumes run it", async () => {
    const storePath = join(folder, "lease.sqlite");
    closeGate();
    const child: ChildProcess = spawn(process.execPath, [join(root, "bin", "dlmpo.js"), ...optimizeArgs(storePath)], {
      cwd: folder,
      env: { PATH: process.env.PATH ?? "" },
      stdio: "ignore",
    });
    const runId = await waitForEvents(storePath, 1);
    while (server.requestCount <= gateAfter) await new Promise((resolve) => setTimeout(resolve, 10));
    const running = await runDlmpoBinary({ args: ["runs", "list", "--store", storePath], cwd: folder });
    expect(running.stdout).toMatch(new RegExp(`${runId}\\s+optimize\\s+running`));
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));

    const listed = await runDlmpoBinary({ args: ["runs", "list", "--store", storePath], cwd: folder });
    expect(listed.stdout).toMatch(new RegExp(`${runId}\\s+optimize\\s+interrupted`));
    const shown = await runDlmpoBinary({ args: ["runs", "show", runId, "--store", storePath], cwd: folder });
    expect(shown.stdout).toMatch(/status\s+interrupted/);

    // Both resumes start while the gate holds every new call: one takes the lease and waits at the gate, the other
    // meets the lease and exits; then the gate opens and the first finishes the run.
    const resumeArgs = ["runs", "resume", runId, "--store", storePath, "--json"];
    const resumes = [
      runDlmpoBinary({ args: resumeArgs, cwd: folder }),
      runDlmpoBinary({ args: resumeArgs, cwd: folder }),
    ];
    const refused = await Promise.race(resumes);
    openGate();
    const results = (await Promise.all(resumes)).sort((a, b) => a.code - b.code);
    expect(refused.code).toBe(1);
    expect(results.map((result) => result.code)).toEqual([0, 1]);
    expect(refused.stderr).toMatch(
      new RegExp(`^dlmpo: Run ${runId} is already running in process \\d+ on \\S+\\. Wait for it to end`, "m"),
    );
    expect(results[0]?.stderr).toMatch(/^resuming at round \d\/4: \d+ stored events replay without model calls/m);
    const counts = typeCounts(storePath, runId);
    expect(counts.get("run-started")).toBe(1);
    expect(counts.get("run-completed")).toBe(1);
    expect(counts.get("test-scored")).toBe(1);
    const done = await runDlmpoBinary({ args: ["runs", "list", "--store", storePath], cwd: folder });
    expect(done.stdout).toMatch(
      new RegExp(`${runId}\\s+optimize\\s+completed\\s+\\S+ \\S+\\s+dev \\d\\.\\d{3} · test accuracy`),
    );
  }, 120_000);

  it("shows a failed run's error and an eval's accuracy", async () => {
    const storePath = join(folder, "eval.sqlite");
    const evalArgs = [
      "eval",
      "--task",
      join(folder, "dev.jsonl"),
      "--labels",
      "negative,positive",
      "--store",
      storePath,
    ];
    const good = await runDlmpoBinary({
      args: [...evalArgs, "--target", `openai-compatible:${server.baseURL}#target`, "--json"],
      cwd: folder,
    });
    expect(good.code).toBe(0);
    const goodId = (JSON.parse(good.stdout) as { runId: string }).runId; // eval --json prints its summary
    server.setFaults(() => ({ kind: "server-error", status: 400 }));
    const bad = await runDlmpoBinary({
      args: [...evalArgs, "--target", `openai-compatible:${server.baseURL}#bad`],
      cwd: folder,
    });
    server.setFaults(undefined);
    expect(bad.code).toBe(1);
    const store = openSqliteStore({ path: storePath, readOnly: true });
    const failed = store.listRuns().find((run) => run.status === "failed");
    store.close();
    if (failed === undefined) throw new Error("the eval against the failing server stored no failed run");
    const shown = await runDlmpoBinary({ args: ["runs", "show", failed.id, "--store", storePath], cwd: folder });
    expect(shown.stdout).toMatch(/status\s+failed/);
    expect(shown.stdout).toMatch(/error\s+\S.*400/);
    const evalShown = await runDlmpoBinary({ args: ["runs", "show", goodId, "--store", storePath], cwd: folder });
    expect(evalShown.stdout).toMatch(/accuracy\s+0\.667/);
    const listed = await runDlmpoBinary({ args: ["runs", "list", "--store", storePath], cwd: folder });
    expect(listed.stdout).toMatch(
      new RegExp(`${goodId}\\s+eval\\s+completed\\s+\\S+ \\S+\\s+accuracy 0\\.667 · macro-f1`),
    );
  }, 120_000);
});
