import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOnnxMaskPredictor } from "../../../diffusion/create-onnx-mask-predictor.js";
import { serveLogits } from "../../../diffusion/serve-logits.js";
import { InvalidInputError } from "../../../errors/invalid-input-error.js";
import type { StepRow, StepRun } from "../../../report/summarize-step-sweep.js";
import { openSqliteStore } from "../../../store/open-sqlite-store.js";
import { type OpenAITestServer, startOpenAITestServer } from "../../../testing/openai-test-server.js";
import { demoTaskFlags, loopFlags } from "../loop-flags.test-support.js";
import { type DlmpoRunResult, runDlmpoBinary } from "../run-dlmpo-binary.js";
import { parseStepList } from "./plan-step-sweep.js";

const root = join(import.meta.dirname, "..", "..", "..", "..");
let server: OpenAITestServer;
let folder = "";

function runCli(args: readonly string[]): Promise<DlmpoRunResult> {
  return runDlmpoBinary({ args, cwd: folder });
}

beforeAll(async () => {
  if (!existsSync(join(root, "dist", "cli", "main.js")))
    throw new Error("dist/ is missing: run `npm run build` first.");
  server = await startOpenAITestServer({
    respond: (request) => {
      const text = JSON.stringify(request.body);
      if (text.includes("You improve system prompts")) return { text: '<fill id="1">Think carefully.</fill>' };
      return { text: text.includes("bad") ? "negative" : "positive" };
    },
  });
  folder = mkdtempSync(join(tmpdir(), "dlmpo-bench-steps-"));
  const lines = Array.from({ length: 8 }, (_, index) =>
    JSON.stringify({
      id: `r${index}`,
      text: index % 2 === 0 ? "a good film" : "a bad film",
      label: index % 2 === 0 ? "positive" : "negative",
    }),
  );
  writeFileSync(join(folder, "reviews.jsonl"), `${lines.join("\n")}\n`);
});
afterAll(async () => {
  await server.close();
});

describe("parseStepList", () => {
  it("reads a comma-separated list without repeats and rejects anything else", () => {
    expect(parseStepList("8, 16,32,16")).toEqual([8, 16, 32]);
    expect(() => parseStepList("8,x")).toThrow(InvalidInputError);
    expect(() => parseStepList("0")).toThrow(/step counts/);
  });
});

describe("dlmpo bench steps", () => {
  it("runs one optimisation per step count, prints them as JSON and writes the chart page", async () => {
    const result = await runCli([
      "bench",
      "steps",
      "--steps",
      "4,16",
      "--task",
      join(folder, "reviews.jsonl"),
      "--target",
      `openai-compatible:${server.baseURL}#target`,
      "--dlm",
      `chat:openai-compatible:${server.baseURL}#dlm`,
      ...loopFlags({ rounds: 1, candidates: 1, devSize: 4, testSize: 2, trainMinibatch: 2 }),
      "--seeds",
      "1",
      "--store",
      join(folder, "runs.sqlite"),
      "--json",
    ]);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as {
      chart: string;
      rows: StepRow[];
      runs: StepRun[];
      warnings: string[];
    }; // printed by the command
    // The scripted chat DLM ignores the steps it is sent: 16 steps repeat the candidates of 4 and are left out.
    expect(output.runs.map((run) => run.steps)).toEqual([4, 16]);
    expect(output.rows.map((row) => row.steps)).toEqual([4]);
    expect(output.warnings).toEqual(["steps 16 proposed the same candidates as steps 4 for every seed; left out."]);
    // Without --out the chart goes to bench-steps.html in the working directory.
    expect(output.chart).toBe(join(folder, "bench-steps.html"));
    const page = readFileSync(output.chart, "utf8");
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain("<h1>dlmpo bench steps: diffusion-step ablation</h1>");
    expect(page).toContain("<pre>dlmpo bench steps --steps 4,16 --task");
    expect(page).toContain("Score against diffusion steps");
    // A chat DLM reports no forward passes and costs nothing here: the cost panel shows tokens, not constant DLM calls.
    expect(page).toContain("Tokens against diffusion steps");
    expect(new Set(output.runs.map((run) => run.runId)).size).toBe(2);
    expect(output.runs.every((run) => run.dlmCalls === 1)).toBe(true);
    const dlmBodies = server.requests
      .map((request) => JSON.stringify(request.body))
      .filter((body) => body.includes("You improve"));
    expect(dlmBodies.some((body) => body.includes('"steps":4'))).toBe(true);
    expect(dlmBodies.some((body) => body.includes('"steps":16'))).toBe(true);
  });
});

describe("dlmpo bench steps with a stop file", () => {
  it("stops with the first run the stop file stops, starts no other and exits 1", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "dlmpo-bench-steps-stop-"));
    mkdirSync(join(cwd, ".dlmpo"));
    writeFileSync(join(cwd, ".dlmpo", "stop"), "");
    const result = await runDlmpoBinary({
      cwd,
      args: [
        "bench",
        "steps",
        "--steps",
        "4,8",
        "--seeds",
        "2",
        ...demoTaskFlags(),
        "--target",
        "builtin",
        "--dlm",
        "builtin",
        "--dev-size",
        "4",
        "--test-size",
        "2",
        "--store",
        "stop.sqlite",
      ],
    });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/\[4\/4\] steps 8 seed 1: skipped/);
    expect(result.stderr).toMatch(/4 of 4 runs did not finish .* run the same command again/);
    const store = openSqliteStore({ path: join(cwd, "stop.sqlite") });
    try {
      expect(store.listRuns({ kind: "optimize" }).map((run) => run.status)).toEqual(["stopped"]);
    } finally {
      store.close();
    }
  });
});

describe("dlmpo bench steps on the built-in models", () => {
  it("proposes different candidates at every step count it reports, with score and cost over 3 seeds", async () => {
    const result = await runCli([
      "bench",
      "steps",
      "--steps",
      "8,16,64",
      "--seeds",
      "3",
      ...demoTaskFlags(),
      "--target",
      "builtin",
      "--dlm",
      "builtin",
      ...loopFlags({ rounds: 1, candidates: 4, devSize: 4, testSize: 2, trainMinibatch: 2 }),
      "--max-slots",
      "16",
      "--strategies",
      "sentence=1",
      "--store",
      join(folder, "builtin.sqlite"),
      "--out",
      "builtin-steps.html",
      "--json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout) as { rows: StepRow[]; runs: StepRun[]; warnings: string[] }; // printed by the command
    expect(output.runs).toHaveLength(9);
    // 64 steps cannot run on spans of at most 16 slots: it is reported as what ran, and its repeat of 16 is left out.
    expect(output.warnings.join("\n")).toMatch(/steps 64: candidates ran at most 16 reverse steps/);
    expect(output.warnings.join("\n")).toMatch(/steps 64 proposed the same candidates as steps 16/);
    expect(output.rows.map((row) => row.steps)).toEqual([8, 16]);
    expect(output.rows.find((row) => row.steps === 16)?.stepsRun).toBe(16);
    for (const row of output.rows) {
      expect(row.runs).toBe(3);
      expect(row.devScore?.count).toBe(3);
      expect(row.stepsRun ?? row.steps).toBeLessThanOrEqual(row.steps);
    }
    // Seed for seed, no two reported step counts proposed the same candidates (the fluency gate may drop all of some).
    let compared = 0;
    for (const seed of [0, 1, 2]) {
      const proposed = output.rows
        .map((row) => output.runs.find((run) => run.steps === row.steps && run.seed === seed)?.candidateHashes ?? [])
        .filter((hashes) => hashes.length > 0)
        .map((hashes) => hashes.join(","));
      compared += proposed.length;
      expect(new Set(proposed).size).toBe(proposed.length);
    }
    expect(compared).toBeGreaterThanOrEqual(4);
    expect(readFileSync(join(folder, "builtin-steps.html"), "utf8")).toContain(
      "DLM forward passes against diffusion steps",
    );
  });
});

describe("dlmpo bench steps and the fluency gate", () => {
  it("counts the forward passes of the candidates the fluency gate dropped, and shows how many it dropped", async () => {
    const result = await runCli([
      "bench",
      "steps",
      "--steps",
      "8",
      "--slots",
      "16",
      "--seeds",
      "2",
      ...demoTaskFlags(),
      "--target",
      "builtin",
      "--dlm",
      "builtin",
      ...loopFlags({ rounds: 2, candidates: 4, devSize: 4, testSize: 2, trainMinibatch: 2 }),
      "--strategies",
      "sentence=1",
      "--store",
      join(folder, "gate.sqlite"),
      "--out",
      "gate.html",
      "--json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout) as { rows: StepRow[]; runs: StepRun[] }; // printed by the command
    expect(output.runs).toHaveLength(2);
    for (const run of output.runs) {
      // 2 rounds × 4 sampled candidates, each 8 reverse steps over spans of 16 slots, whether the gate kept it or not.
      expect(run.forwardPasses).toBe(2 * 4 * 8);
      expect((run.droppedCandidates ?? 0) + run.candidateHashes.length).toBe(2 * 4);
    }
    expect(output.runs.some((run) => (run.droppedCandidates ?? 0) > 0)).toBe(true);
    expect(output.rows[0]?.forwardPasses?.value).toBe(64);
    expect(output.rows[0]?.droppedCandidates?.count).toBe(2);
    expect(readFileSync(join(folder, "gate.html"), "utf8")).toContain("<th>dropped</th>");
  });

  it("counts through a logits server exactly the requests it served, dropped candidates' included", async () => {
    const predictor = await createOnnxMaskPredictor({
      directory: join(root, "models", "builtin-dlm"),
      intraOpThreads: 1,
    });
    let served = 0;
    const server = await serveLogits({
      predictor: {
        ...predictor,
        doPredict: (options) => {
          served += 1;
          return predictor.doPredict(options);
        },
      },
    });
    try {
      const sweep = (dlm: string, store: string) =>
        runCli([
          "bench",
          "steps",
          "--steps",
          "8",
          "--slots",
          "16",
          "--seeds",
          "1",
          ...demoTaskFlags(),
          "--target",
          "builtin",
          "--dlm",
          dlm,
          ...loopFlags({ rounds: 2, candidates: 4, devSize: 4, testSize: 2, trainMinibatch: 2 }),
          "--strategies",
          "sentence=1",
          "--store",
          join(folder, store),
          "--out",
          "remote.html",
          "--json",
        ]);
      const remote = await sweep(`remote:${server.url}`, "remote.sqlite");
      expect(remote.code, remote.stderr).toBe(0);
      const [run] = (JSON.parse(remote.stdout) as { runs: StepRun[] }).runs; // printed by the command
      // One candidate per sampler call, so each reverse step is one request to the server, kept or dropped.
      expect(run?.dlmCalls).toBe(8);
      expect(run?.forwardPasses).toBe(served);
      expect(served).toBe(8 * 8);
      expect(run?.droppedCandidates).toBeGreaterThan(0);
      // The server samples what the model samples in process: the same candidates, the same drops.
      const local = await sweep("builtin", "local.sqlite");
      const [here] = (JSON.parse(local.stdout) as { runs: StepRun[] }).runs; // printed by the command
      expect([here?.forwardPasses, here?.droppedCandidates, here?.candidateHashes]).toEqual([
        run?.forwardPasses,
        run?.droppedCandidates,
        run?.candidateHashes,
      ]);
    } finally {
      await server.close();
      await predictor.close();
    }
  });
});
