import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../store/open-sqlite-store.js";
import { createScriptedTauResponder } from "../../tasks/tau-bench/create-scripted-tau-responder.js";
import { loadTauDomain } from "../../tasks/tau-bench/load-tau-domain.js";
import { type OpenAITestServer, startOpenAITestServer } from "../../testing/openai-test-server.js";
import { parseTaskRange } from "./bench-tau.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../../", import.meta.url));
const binary = join(root, "bin", "dlmpo.js");
const dataDir = process.env.DLMPO_DATA_DIR ?? join(root, "..", "shared", "data");
const ready = existsSync(`${dataDir}/tau-bench/retail/tools.json`) && existsSync(join(root, "dist", "cli", "main.js"));

describe("parseTaskRange", () => {
  it("reads ranges and lists", () => {
    expect(parseTaskRange("0-3")).toEqual([0, 1, 2, 3]);
    expect(parseTaskRange("5, 1,2-3,1")).toEqual([5, 1, 2, 3]);
    expect(() => parseTaskRange("a-b")).toThrow(/expected task indexes/);
  });
});

describe.skipIf(!ready)("dlmpo bench tau (the real binary)", () => {
  let server: OpenAITestServer;
  let folder: string;
  beforeAll(async () => {
    const domain = await loadTauDomain({ dataDir, domain: "retail" });
    server = await startOpenAITestServer({
      respond: createScriptedTauResponder({ tasks: await domain.loadTasks("test") }),
    });
    folder = mkdtempSync(join(tmpdir(), "dlmpo-bench-tau-"));
  });
  afterAll(async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const cli = (args: readonly string[]) =>
    run(process.execPath, [binary, "bench", "tau", ...args], { cwd: folder, env: { ...process.env } }).then(
      (result) => ({ code: 0, ...result }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it("prints pass^k as JSON and saves every episode in the store", async () => {
    const store = join(folder, "runs.sqlite");
    const result = await cli([
      "--agent",
      `openai-compatible:${server.baseURL}#agent`,
      "--user",
      `openai-compatible:${server.baseURL}#user`,
      "--tasks",
      "0-2",
      "--trials",
      "2",
      "--temperature",
      "0.5",
      "--user-temperature",
      "0.5",
      "--json",
      "--data-dir",
      dataDir,
      "--store",
      store,
    ]);
    expect(result.stderr).not.toContain("dlmpo:");
    expect(result.code).toBe(0);
    // The command prints its summary as JSON.
    const summary = JSON.parse(result.stdout) as { runId: string; metrics: { name: string; value: number }[] };
    expect(summary.metrics.map((metric) => [metric.name, metric.value])).toEqual([
      ["pass^1", 1],
      ["pass^2", 1],
    ]);
    const opened = openSqliteStore({ path: store });
    try {
      expect(opened.getRun(summary.runId)?.status).toBe("completed");
      expect(opened.listEvents(summary.runId).map((event) => event.type)).toEqual(["bench-started", "bench-completed"]);
      expect(
        opened
          .listResults(summary.runId)
          .map((row) => row.exampleId)
          .sort(),
      ).toEqual([
        "retail/test/0#0",
        "retail/test/0#1",
        "retail/test/1#0",
        "retail/test/1#1",
        "retail/test/2#0",
        "retail/test/2#1",
      ]);
    } finally {
      opened.close();
    }
  });

  it("exits 2 on bad input before calling any model", async () => {
    const before = server.requestCount;
    const outOfRange = await cli([
      "--agent",
      "openai:x",
      "--tasks",
      "500",
      "--data-dir",
      dataDir,
      "--store",
      join(folder, "b.sqlite"),
    ]);
    expect(outOfRange.code).toBe(2);
    expect(outOfRange.stderr).toMatch(/Task 500 does not exist/);
    const badDomain = await cli(["--agent", "openai:x", "--domain", "hotel", "--data-dir", dataDir]);
    expect(badDomain.code).toBe(2);
    expect(server.requestCount).toBe(before);
  });
});
