import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../store/open-sqlite-store.js";
import { createStoredRunFixture } from "../../testing/stored-run-fixture.js";
import { type DlmpoRunResult, runDlmpoBinary } from "./run-dlmpo-binary.js";

const attack = "<script>window.__pwned=1</script>";
let folder = "";
let fixture: ReturnType<typeof createStoredRunFixture>;

function runCli(args: readonly string[]): Promise<DlmpoRunResult> {
  return runDlmpoBinary({ args, cwd: folder });
}

beforeAll(() => {
  if (!existsSync(join(import.meta.dirname, "..", "..", "..", "dist", "cli", "commands", "report.js")))
    throw new Error("dist/ is missing the report command: run `npm run build` before the CLI tests.");
  folder = mkdtempSync(join(tmpdir(), "dlmpo-report-cli-"));
  fixture = createStoredRunFixture({ runId: "opt_1", injectedText: attack });
  const store = openSqliteStore({ path: join(folder, ".dlmpo", "dlmpo.sqlite") });
  const { updatedAtMs: _updated, ...run } = fixture.run;
  store.createRun(run);
  for (const event of fixture.events)
    store.appendEvent({ runId: event.runId, type: event.type, atMs: event.atMs, data: event.data });
  store.recordResults(fixture.results);
  store.close();
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe("dlmpo report", () => {
  it("writes the HTML report of a stored run from the default store", async () => {
    const result = await runCli(["report", "opt_1"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("report-opt_1.html");
    const html = readFileSync(join(folder, "report-opt_1.html"), "utf8");
    expect(html).toContain("<h1>dlmpo run opt_1</h1>");
    expect(html).toContain("Sarcasm counts as negative.");
    expect(html).not.toContain(attack);
  });

  it("writes HTML and Markdown where asked and prints JSON", async () => {
    const result = await runCli(["report", "opt_1", "--out", "r.html", "--markdown", "summary.md", "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).best.prompt).toBe(fixture.bestPrompt);
    expect(result.stderr).toContain("summary.md");
    expect(readFileSync(join(folder, "summary.md"), "utf8")).toContain("| dev | 0.500");
    expect(readFileSync(join(folder, "r.html"), "utf8")).toContain("<!DOCTYPE html>");
  });

  it("exits 2 with a clear message for an unknown run or a missing store", async () => {
    const unknown = await runCli(["report", "nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No run "nope"');
    const missing = await runCli(["report", "opt_1", "--store", "elsewhere.sqlite"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("No store at");
    expect(existsSync(join(folder, "elsewhere.sqlite"))).toBe(false);
  });
});
