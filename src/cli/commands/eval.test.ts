import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type OpenAITestServer, startOpenAITestServer } from "../../testing/openai-test-server.js";
import { type DlmpoRunResult, runDlmpoBinary } from "./run-dlmpo-binary.js";

const binary = join(import.meta.dirname, "..", "..", "..", "bin", "dlmpo.js");
let folder = "";
let server: OpenAITestServer;
let failWith400 = false;

function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<DlmpoRunResult> {
  return runDlmpoBinary({ args, cwd: folder, env });
}

const reviews = [
  { id: "r1", text: "a good film", label: "positive" },
  { id: "r2", text: "a bad film", label: "negative" },
  { id: "r3", text: "good acting", label: "positive" },
  { id: "r4", text: "bad plot", label: "negative" },
  { id: "r5", text: "meh", label: "positive" },
];

beforeAll(async () => {
  if (!existsSync(join(import.meta.dirname, "..", "..", "..", "dist", "cli", "main.js")))
    throw new Error("dist/ is missing: run `npm run build` before the CLI tests.");
  server = await startOpenAITestServer({
    respond: (request) => {
      if (failWith400)
        return { status: 400, body: { error: { message: "bad request", type: "invalid_request_error" } } };
      const body = JSON.stringify(request.body);
      if (body.includes("good")) return { text: "Sentiment: Positive." };
      if (body.includes("bad")) return { text: '"negative"' };
      return { text: "I cannot tell." };
    },
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "dlmpo-eval-"));
  mkdirSync(join(folder, "data", "classification", "sst2"), { recursive: true });
  writeFileSync(
    join(folder, "data", "classification", "sst2", "dev.jsonl"),
    reviews.map((review) => JSON.stringify(review)).join("\n"),
  );
  writeFileSync(join(folder, "prompt.txt"), "Say positive or negative.\n");
  failWith400 = false;
  return () => rmSync(folder, { recursive: true, force: true });
});

const evalArgs = (): string[] => [
  "eval",
  "--task",
  "sst2",
  "--split",
  "dev",
  "--prompt",
  "prompt.txt",
  "--target",
  `openai-compatible:${server.baseURL}#test-model`,
  "--data-dir",
  "data",
  "--concurrency",
  "2",
];

const readRuns = () => {
  const database = new BetterSqlite3(join(folder, ".dlmpo", "dlmpo.sqlite"), { readonly: true });
  const runs = database.prepare("SELECT id, kind, status, summary FROM runs").all();
  const results = database.prepare("SELECT example_id, score FROM results ORDER BY example_id").all();
  database.close();
  return { runs, results };
};

describe("dlmpo eval", () => {
  it("scores a prompt, prints the summary table and saves the run with per-example results", async () => {
    const before = server.requestCount;
    const result = await runCli(evalArgs());
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/accuracy\s+80\.0%\s+\(95% CI/);
    expect(result.stdout).toMatch(/macro-f1/);
    expect(result.stdout).toMatch(/calls\s+5 made · 0 cached/);
    expect(result.stderr).toContain("eval sst2/dev: 5/5");
    expect(server.requestCount - before).toBe(5);
    const lastBody = JSON.stringify(server.requests.at(-1)?.body);
    expect(lastBody).toContain("Say positive or negative.");
    const { runs, results } = readRuns();
    expect(runs).toMatchObject([{ kind: "eval", status: "completed" }]);
    expect(results).toEqual([
      { example_id: "r1", score: 1 },
      { example_id: "r2", score: 1 },
      { example_id: "r3", score: 1 },
      { example_id: "r4", score: 1 },
      { example_id: "r5", score: 0 },
    ]);
  });

  it("prints JSON with --json and serves a second identical run from the cache", async () => {
    const first = await runCli([...evalArgs(), "--json"]);
    expect(first.code).toBe(0);
    const summary: unknown = JSON.parse(first.stdout);
    expect(summary).toMatchObject({
      task: "sst2",
      split: "dev",
      target: "openai-compatible:test-model",
      examples: 5,
      metrics: [
        { name: "accuracy", value: 0.8 },
        { name: "macro-f1", value: expect.any(Number) },
      ],
      usage: { calls: 5, cachedCalls: 0 },
    });
    const before = server.requestCount;
    const second = await runCli([...evalArgs(), "--json"]);
    expect(second.code).toBe(0);
    expect(server.requestCount).toBe(before);
    expect(JSON.parse(second.stdout)).toMatchObject({
      usage: { calls: 0, cachedCalls: 5 },
      metrics: [{ name: "accuracy", value: 0.8 }, { name: "macro-f1" }],
    });
  });

  it("keeps 64 calls in flight by default", async () => {
    const slow = await startOpenAITestServer({ latencyMs: 400, respond: () => ({ text: "positive" }) });
    try {
      const many = Array.from({ length: 80 }, (_, index) => ({
        id: `m${index}`,
        text: `film ${index}`,
        label: "positive",
      }));
      writeFileSync(join(folder, "many.jsonl"), many.map((row) => JSON.stringify(row)).join("\n"));
      const target = `openai-compatible:${slow.baseURL}#test-model`;
      const result = await runCli(["eval", "--task", "many.jsonl", "--target", target, "--no-cache", "--json"]);
      expect(result.code).toBe(0);
      expect(slow.requestCount).toBe(80);
      expect(slow.maxInFlight).toBe(64);
    } finally {
      await slow.close();
    }
  });

  it("keeps an API key given in the config file out of the database file", async () => {
    const secret = "sk-test-KEEPOUTOFTHESTORE0123456789";
    writeFileSync(join(folder, "run.yaml"), `apiKeys:\n  openai-compatible: ${secret}\neval:\n  limit: 2\n`);
    const result = await runCli([...evalArgs(), "--config", "run.yaml"]);
    expect(result.code).toBe(0);
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${secret}`);
    expect(readRuns().results).toHaveLength(2);
    for (const name of ["dlmpo.sqlite", "dlmpo.sqlite-wal"]) {
      const file = join(folder, ".dlmpo", name);
      if (existsSync(file)) expect(readFileSync(file).includes(secret)).toBe(false);
    }
    expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it("stops after Ctrl-C: exit 1 and the run saved as stopped", async () => {
    server.setFaults(() => ({ kind: "hang" }));
    try {
      const before = server.requestCount;
      const child = spawn(process.execPath, [binary, ...evalArgs()], {
        cwd: folder,
        env: { PATH: process.env.PATH ?? "" },
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      while (server.requestCount === before) await new Promise((resolve) => setTimeout(resolve, 20));
      child.kill("SIGINT");
      expect(await exited).toBe(1);
      expect(stderr).toContain("Interrupted by signal.");
      expect(readRuns().runs).toMatchObject([{ kind: "eval", status: "stopped" }]);
    } finally {
      server.setFaults(undefined);
    }
  });

  it("exits 1 and marks the run failed when the provider rejects the calls", async () => {
    failWith400 = true;
    const result = await runCli(evalArgs());
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readRuns().runs).toMatchObject([{ kind: "eval", status: "failed" }]);
  });
});
