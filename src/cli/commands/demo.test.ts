import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../store/open-sqlite-store.js";
import { type DlmpoRunResult, runDlmpoBinary } from "./run-dlmpo-binary.js";

let folder = "";

function runCli(args: readonly string[]): Promise<DlmpoRunResult> {
  return runDlmpoBinary({ args, cwd: folder });
}

beforeAll(() => {
  if (!existsSync(join(import.meta.dirname, "..", "..", "..", "dist", "cli", "commands", "demo.js")))
    throw new Error("dist/ is missing the demo command: run `npm run build` before the CLI tests.");
  folder = mkdtempSync(join(tmpdir(), "dlmpo-demo-cli-"));
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe("dlmpo demo", () => {
  it("runs offline on the shipped demo set, scores seed and best on the same test examples and writes the report", async () => {
    const result = await runCli([
      "demo",
      "--data-dir",
      join(folder, "absent"),
      "--rounds",
      "1",
      "--candidates",
      "2",
      "--json",
    ]);
    expect(result.code).toBe(0);
    // Pure JSON on stdout; the banner and progress go to stderr.
    const summary = JSON.parse(result.stdout) as {
      runId: string;
      data: string;
      testExamples: number;
      seed: { prompt: string; testMetrics: { name: string; value: number }[] };
      best: { testMetrics: { name: string; value: number }[] };
      testComparison: { examples: number; seedMean: number; bestMean: number; pValue: number };
      verdict: string[];
      report: string;
      store: string;
    };
    expect(summary.data).toContain("data/demo");
    const firstDraft = readFileSync(
      join(import.meta.dirname, "..", "..", "..", "data", "demo", "seed-prompt.txt"),
      "utf8",
    );
    expect(summary.seed.prompt).toBe(firstDraft.trim());
    expect(summary.testExamples).toBe(60);
    expect(summary.seed.testMetrics.map((metric) => metric.name)).toContain("accuracy");
    expect(summary.best.testMetrics.map((metric) => metric.name)).toContain("accuracy");
    // The library scored both prompts on the same test examples and compared them pairwise.
    expect(summary.testComparison.examples).toBe(60);
    expect(summary.testComparison.seedMean).toBeCloseTo(
      summary.seed.testMetrics.find((metric) => metric.name === "accuracy")?.value ?? -1,
      12,
    );
    expect(summary.verdict.length).toBeGreaterThan(0);
    expect(readFileSync(summary.report, "utf8")).toContain(`dlmpo run ${summary.runId}`);
    const store = openSqliteStore({ path: summary.store });
    try {
      expect(store.getRun(summary.runId)?.status).toBe("completed");
      const testIds = new Set(store.listResults(summary.runId, { split: "test" }).map((row) => row.exampleId));
      expect(testIds.size).toBe(60);
    } finally {
      store.close();
    }
  }, 240_000);

  it("refuses an unknown --data with exit 2, naming the flag, and writes nothing", async () => {
    const result = await runCli(["demo", "--data", "imdb", "--store", join(folder, "refused", "store.sqlite")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--data");
    expect(result.stderr).toContain('expected demo or sst2, got "imdb"');
    expect(existsSync(join(folder, "refused"))).toBe(false);
  });

  it("runs the no-conditioning ablation and stores the choice with the run", async () => {
    const result = await runCli([
      "demo",
      "--data-dir",
      join(folder, "absent"),
      "--rounds",
      "1",
      "--candidates",
      "2",
      "--no-conditioning",
      "--store",
      join(folder, "ablation.sqlite"),
      "--json",
    ]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { runId: string };
    const store = openSqliteStore({ path: join(folder, "ablation.sqlite") });
    try {
      const run = store.getRun(summary.runId);
      // Stored with the run, so `dlmpo runs resume` rebuilds the same proposer (with empty conditioning).
      expect(JSON.stringify(run?.config)).toContain('"conditioning":false');
    } finally {
      store.close();
    }
  }, 240_000);
});
