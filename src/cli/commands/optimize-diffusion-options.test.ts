import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../store/open-sqlite-store.js";
import { demoTaskFlags, loopFlags } from "./loop-flags.test-support.js";
import { type DlmpoRunResult, runDlmpoBinary } from "./run-dlmpo-binary.js";

const root = join(import.meta.dirname, "..", "..", "..");
let folder = "";

function runCli(args: readonly string[]): Promise<DlmpoRunResult> {
  return runDlmpoBinary({ args, cwd: folder });
}

/** A small offline run: the built-in model as target and DLM on the demo set shipped with the package. */
const offlineRun = (store: string): string[] => [
  "optimize",
  ...demoTaskFlags(),
  "--target",
  "builtin",
  "--dlm",
  "builtin",
  ...loopFlags({ rounds: 2, candidates: 2, trainMinibatch: 4, devSize: 8, testSize: 4 }),
  "--store",
  store,
  "--json",
];

beforeAll(() => {
  if (!existsSync(join(root, "dist", "cli", "main.js")))
    throw new Error("dist/ is missing: run `npm run build` first.");
  folder = mkdtempSync(join(tmpdir(), "dlmpo-diffusion-options-"));
});

describe("dlmpo optimize diffusion settings", () => {
  it("takes every diffusion setting as a flag, records it with the run and shows it in the report", async () => {
    const store = join(folder, "runs.sqlite");
    const result = await runCli([
      ...offlineRun(store),
      "--steps",
      "6",
      "--block-length",
      "4",
      "--remasking",
      "margin",
      "--dlm-temperature",
      "0.5",
      "--cfg-scale",
      "0.5",
      "--threshold",
      "0.95",
      "--end-bias",
      "-1",
      "--top-k",
      "32",
      "--min-slots",
      "6",
      "--max-slots",
      "9",
      "--insert-slots",
      "7",
      "--mask-ratio",
      "0.2",
      "--strategies",
      "sentence=1,insert=1,random=1",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const { runId } = JSON.parse(result.stdout) as { runId: string }; // printed by the command
    const opened = openSqliteStore({ path: store });
    try {
      // The stored config is the settings object optimize() wrote.
      const config = opened.getRun(runId)?.config as {
        diffusion: unknown;
        slotRange: unknown;
        maskRatio: number;
        proposerId: string;
        invocation: { topK: number };
      };
      expect(config.diffusion).toEqual({
        steps: 6,
        blockLength: 4,
        remasking: "margin",
        temperature: 0.5,
        cfgScale: 0.5,
        threshold: 0.95,
      });
      expect(config.slotRange).toEqual({ min: 6, max: 9, insert: 7 });
      expect(config.maskRatio).toBe(0.2);
      expect(config.proposerId).toContain("endTokenBias=-1");
      expect(config.invocation.topK).toBe(32);
      const slots = opened
        .listEvents(runId)
        .flatMap((event) =>
          event.type === "candidate-proposed" ? (event.data as { maskedSpans: { slots: number }[] }).maskedSpans : [],
        )
        .map((span) => span.slots);
      expect(slots.length).toBeGreaterThan(0);
      expect(slots.every((count) => count >= 6 && count <= 9)).toBe(true);
    } finally {
      opened.close();
    }
    const report = await runCli(["report", runId, "--store", store, "--markdown", "-"]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toContain(
      "steps 6 · block length 4 · remasking margin · temperature 0.5 · CFG scale 0.5 · threshold 0.95 · slots per span 6–9 (insert 7) · mask ratio 0.2 · end bias -1 · top-k 32",
    );
  }, 120_000);

  it.each<[string, readonly string[], RegExp]>([
    ["a threshold above 1", ["--threshold", "2"], /^dlmpo: option --threshold: expected a number > 0 and ≤ 1\n$/],
    ["a fractional block length", ["--block-length", "2.5"], /option --block-length: expected a whole number ≥ 1/],
    ["an unknown remasking rule", ["--remasking", "best"], /option --remasking: expected one of low_confidence/],
    ["a slot range upside down", ["--min-slots", "20", "--max-slots", "10"], /"--min-slots": the fewest slots/],
  ])("refuses %s in one line with exit code 2", async (_name, flags, message) => {
    const store = join(folder, "refused.sqlite");
    const result = await runCli([...offlineRun(store), ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("reads the diffusion settings from a config file and names the file and field of a bad one", async () => {
    writeFileSync(join(folder, "bad.yaml"), "optimize:\n  cfgScale: -1\n");
    const bad = await runCli([...offlineRun(join(folder, "refused.sqlite")), "--config", "bad.yaml"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml: field "optimize\.cfgScale": expected a number ≥ 0/);
    writeFileSync(join(folder, "good.yaml"), "optimize:\n  steps: 5\n  remasking: entropy\n  slots: 8\n");
    const store = join(folder, "config.sqlite");
    const good = await runCli([...offlineRun(store), "--config", "good.yaml", "--rounds", "1"]);
    expect(good.code, good.stderr).toBe(0);
    const { runId } = JSON.parse(good.stdout) as { runId: string }; // printed by the command
    const opened = openSqliteStore({ path: store });
    try {
      expect(opened.getRun(runId)?.config).toMatchObject({
        diffusion: { steps: 5, remasking: "entropy" },
        slotRange: { min: 8, max: 8, insert: 8 },
      });
    } finally {
      opened.close();
    }
  }, 120_000);
});
