import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import { type OpenAITestServer, startOpenAITestServer } from "../../testing/openai-test-server.js";
import { parseStepList, renderStepSweep, type StepSweepRow } from "./bench-steps.js";
import { type DlmpoRunResult, runDlmpoBinary } from "./run-dlmpo-binary.js";

const root = join(import.meta.dirname, "..", "..", "..");
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

describe("renderStepSweep", () => {
  it("aligns one row per step count", () => {
    const row: StepSweepRow = {
      steps: 8,
      runId: "run_1",
      status: "completed",
      devScore: 0.5,
      testScore: undefined,
      dlmCalls: 3,
      targetCalls: 40,
      costUsd: 0,
      wallMs: 1500,
    };
    const lines = renderStepSweep([row, { ...row, steps: 128, devScore: 0.75, testScore: 0.7, runId: "run_2" }]).split(
      "\n",
    );
    expect(lines[0]).toMatch(/^steps\s+dev\s+test/);
    expect(lines[2]).toMatch(/^8\s+0\.500\s+-\s+3\s+40/);
    expect(lines[3]).toMatch(/^128\s+0\.750\s+0\.700/);
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
      "--rounds",
      "1",
      "--candidates",
      "1",
      "--dev-size",
      "4",
      "--test-size",
      "2",
      "--train-minibatch",
      "2",
      "--store",
      join(folder, "runs.sqlite"),
      "--json",
    ]);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { chart: string; rows: StepSweepRow[] }; // printed by the command
    expect(output.rows.map((row) => row.steps)).toEqual([4, 16]);
    // Without --out the chart goes to bench-steps.html in the working directory.
    expect(output.chart).toBe(join(folder, "bench-steps.html"));
    const page = readFileSync(output.chart, "utf8");
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain("<svg");
    expect(page).toContain("Score against diffusion steps");
    expect(new Set(output.rows.map((row) => row.runId)).size).toBe(2);
    expect(output.rows.every((row) => row.status === "completed" && row.dlmCalls === 1)).toBe(true);
    const dlmBodies = server.requests
      .map((request) => JSON.stringify(request.body))
      .filter((body) => body.includes("You improve"));
    expect(dlmBodies.some((body) => body.includes('"steps":4'))).toBe(true);
    expect(dlmBodies.some((body) => body.includes('"steps":16'))).toBe(true);
  });
});
