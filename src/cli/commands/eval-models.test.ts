import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type OpenAITestServer, startOpenAITestServer } from "../../testing/openai-test-server.js";
import type { TestServerRequest } from "../../testing/openai-test-server-replies.js";
import { runDlmpoBinary } from "./run-dlmpo-binary.js";

let folder = "";
const servers: OpenAITestServer[] = [];
const words = ["good", "bad", "fine", "awful", "odd"];

/** A scripted classifier: positive for good/fine, negative for bad/awful, unsure otherwise; `flip` swaps the two. */
function classifier(options: { readonly flip: boolean }) {
  return (request: TestServerRequest) => {
    const body = JSON.stringify(request.body);
    const isPositive = /good|fine/.test(body);
    if (!isPositive && !/bad|awful/.test(body)) return { text: "unsure" };
    return { text: isPositive !== options.flip ? "positive" : "negative" };
  };
}

async function startServer(options: Parameters<typeof startOpenAITestServer>[0]): Promise<OpenAITestServer> {
  const server = await startOpenAITestServer(options);
  servers.push(server);
  return server;
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "dlmpo-eval-models-"));
  mkdirSync(join(folder, "data", "classification", "sst2"), { recursive: true });
  const rows = Array.from({ length: 300 }, (_, index) => ({
    id: `x${index}`,
    text: `${words[index % words.length]} film number ${index}`,
    label: index % 5 === 0 || index % 5 === 2 ? "positive" : "negative",
  }));
  writeFileSync(
    join(folder, "data", "classification", "sst2", "dev.jsonl"),
    rows.map((row) => JSON.stringify(row)).join("\n"),
  );
  return () => rmSync(folder, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const evalCli = (options: { readonly target: string; readonly store: string; readonly extra?: readonly string[] }) =>
  runDlmpoBinary({
    cwd: folder,
    args: [
      "eval",
      "--task",
      "sst2",
      "--target",
      options.target,
      "--data-dir",
      "data",
      "--store",
      options.store,
      "--json",
      ...(options.extra ?? []),
    ],
  });

const perExample = (store: string, runId: string): Map<string, number> => {
  const database = new BetterSqlite3(join(folder, store), { readonly: true });
  const rows = database
    .prepare<[string], { example_id: string; score: number }>("SELECT example_id, score FROM results WHERE run_id = ?")
    .all(runId);
  database.close();
  return new Map(rows.map((row) => [row.example_id, row.score]));
};

describe("dlmpo eval against real servers", () => {
  it("gives each of two servers with the same model name its own answers", async () => {
    const first = await startServer({ respond: classifier({ flip: false }) });
    const second = await startServer({ respond: classifier({ flip: true }) });
    const extra = ["--limit", "40"];
    const a = await evalCli({ target: `openai-compatible:${first.baseURL}#same`, store: "two.sqlite", extra });
    const b = await evalCli({ target: `openai-compatible:${second.baseURL}#same`, store: "two.sqlite", extra });
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const alone = await evalCli({ target: `openai-compatible:${second.baseURL}#same`, store: "alone.sqlite", extra });
    const score = (run: { stdout: string }): number => JSON.parse(run.stdout).metrics[0].value;
    expect(score(a)).toBeCloseTo(0.8);
    expect(score(b)).toBeLessThan(0.3);
    expect(score(b)).toBe(score(alone));
    expect(second.requestCount).toBe(80);
  });

  it("completes under 50% injected faults, scoring the examples that succeeded as a fault-free run does", async () => {
    const clean = await startServer({ respond: classifier({ flip: false }) });
    const faulty = await startServer({
      respond: classifier({ flip: false }),
      faults: { seed: 3, rateLimit: 0.3, serverError: 0.2, retryAfter: 0 },
    });
    const reference = await evalCli({ target: `openai-compatible:${clean.baseURL}#m`, store: "clean.sqlite" });
    const extra = ["--retries", "0", "--max-failures", "70%", "--concurrency", "32"];
    const run = await evalCli({ target: `openai-compatible:${faulty.baseURL}#m`, store: "faulty.sqlite", extra });
    expect(reference.code, reference.stderr).toBe(0);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.failed).toBeGreaterThan(100);
    expect(summary.scored + summary.failed).toBe(300);
    expect(summary.failures[0].reason).toMatch(/HTTP (429|500)/);
    const expected = perExample("clean.sqlite", JSON.parse(reference.stdout).runId);
    const got = perExample("faulty.sqlite", summary.runId);
    expect(got.size).toBe(summary.scored);
    for (const [exampleId, score] of got) expect(score).toBe(expected.get(exampleId));
    const mean = [...got.values()].reduce((sum, score) => sum + score, 0) / got.size;
    expect(summary.metrics[0].value).toBeCloseTo(mean);
  });

  it("stops as failed past --max-failures, and a re-run asks only for the examples that failed", async () => {
    const server = await startServer({
      respond: classifier({ flip: false }),
      faults: { seed: 5, serverError: 0.5 },
    });
    const target = `openai-compatible:${server.baseURL}#m`;
    const extra = ["--retries", "0", "--limit", "60", "--concurrency", "1"];
    const stopped = await evalCli({ target, store: "resume.sqlite", extra });
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/Stopped: 4 examples failed after their retries, more than the 3 allowed/);
    const database = new BetterSqlite3(join(folder, "resume.sqlite"), { readonly: true });
    const status = database.prepare("SELECT status FROM runs").get();
    const failures = database.prepare("SELECT COUNT(*) AS count FROM events WHERE type = 'example-failed'").get();
    database.close();
    expect(status).toEqual({ status: "failed" });
    expect(failures).toEqual({ count: 4 });
    server.setFaults(undefined);
    const before = server.requestCount;
    const resumed = await evalCli({ target, store: "resume.sqlite", extra });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ scored: 60, failed: 0 });
    // No retries: every request before was one example, and all but the 4 failed ones were answered and cached.
    expect(server.requestCount - before).toBe(60 - (before - 4));
  });

  it("bounds a hanging server by --timeout and --retries", async () => {
    const server = await startServer({ faults: { hang: 1 } });
    const run = await evalCli({
      target: `openai-compatible:${server.baseURL}#m`,
      store: "hang.sqlite",
      extra: ["--limit", "3", "--timeout", "0.3", "--retries", "1", "--concurrency", "1"],
    });
    expect(run.code).toBe(1);
    // Two attempts of 0.3 s each (the first failure stops a 3-example run at the default 5%), not 7 × 120 s.
    expect(run.stderr).toMatch(/failed after 2 attempts: no answer within the timeout/);
    expect(server.requestCount).toBe(2);
  });

  it("fails fast on a closed port, naming the URL", async () => {
    const port = await closedPort();
    const run = await evalCli({ target: `openai-compatible:http://127.0.0.1:${port}/v1#m`, store: "closed.sqlite" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cannot reach http://127.0.0.1:${port}/v1/chat/completions (connection refused)`);
    // Not retried (no "after N attempts"), and no advice about rate limits.
    expect(run.stderr).not.toMatch(/attempts|concurrency/);
  });
});

/** A port nothing listens on: bound once by the OS, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
