import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenAITestServer, startOpenAITestServer } from "../../testing/openai-test-server.js";
import { type DlmpoRunResult, runDlmpoBinary } from "./run-dlmpo-binary.js";

let folder = "";
let server: OpenAITestServer;

function runCli(args: readonly string[]): Promise<DlmpoRunResult> {
  // An environment without any API key: the missing-key case depends on it.
  return runDlmpoBinary({ args, cwd: folder });
}

const writeFile = (relative: string, text: string): void => {
  mkdirSync(join(folder, relative, ".."), { recursive: true });
  writeFileSync(join(folder, relative), text);
};

beforeAll(async () => {
  if (!existsSync(join(import.meta.dirname, "..", "..", "..", "dist", "cli", "main.js")))
    throw new Error("dist/ is missing: run `npm run build` before the CLI tests.");
  server = await startOpenAITestServer({ respond: () => ({ text: "positive" }) });
  folder = mkdtempSync(join(tmpdir(), "dlmpo-eval-bad-"));
  writeFile("data/classification/sst2/dev.jsonl", `${JSON.stringify({ id: "a", text: "fine", label: "positive" })}\n`);
  writeFile(
    "data/classification/sst5/dev.jsonl",
    `${JSON.stringify({ id: "a", text: "x", label: "positive" })}\n{"id": "b",\n`,
  );
  writeFile(
    "labels.jsonl",
    `${JSON.stringify({ text: "x", label: "yes" })}\n${JSON.stringify({ text: "y", label: "perhaps" })}\n`,
  );
  writeFile("prompt.txt", "Answer positive or negative.");
  writeFile("run.yaml", "target: openai:gpt-4o-mini\neval:\n  concurrency: 0\n");
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

const target = (): string => `openai-compatible:${server.baseURL}#test-model`;
const base = (): string[] => ["eval", "--data-dir", "data", "--prompt", "prompt.txt"];

describe("dlmpo eval with bad input", () => {
  it.each<[string, () => string[], RegExp]>([
    [
      "a missing data file",
      () => [...base(), "--task", "mrpc", "--target", target()],
      /mrpc[/\\]dev\.jsonl: data file not found/,
    ],
    [
      "a malformed JSONL line",
      () => [...base(), "--task", "sst5", "--target", target()],
      /sst5[/\\]dev\.jsonl, line 2: not valid JSON/,
    ],
    [
      "an unknown label",
      () => [...base(), "--task", "labels.jsonl", "--labels", "yes,no", "--target", target()],
      /labels\.jsonl, line 2, field "label": unknown label "perhaps"/,
    ],
    ["an unknown task", () => [...base(), "--task", "imdb", "--target", target()], /field "task": unknown task "imdb"/],
    [
      "an unknown provider",
      () => [...base(), "--task", "sst2", "--target", "acme:model-1"],
      /Unknown model "acme:model-1"/,
    ],
    [
      "a missing API key",
      () => [...base(), "--task", "sst2", "--target", "openai:gpt-4o-mini"],
      /Missing API key for "openai"\. Set OPENAI_API_KEY/,
    ],
    [
      "an unreadable prompt file",
      () => ["eval", "--data-dir", "data", "--prompt", "nope.txt", "--task", "sst2", "--target", target()],
      /nope\.txt: cannot read the prompt file/,
    ],
    [
      "an invalid config value",
      () => ["eval", "--config", "run.yaml", "--task", "sst2"],
      /run\.yaml: field "eval\.concurrency": expected a positive integer/,
    ],
    [
      "an invalid flag value",
      () => [...base(), "--task", "sst2", "--target", target(), "--limit", "many"],
      /option --limit: expected a positive integer/,
    ],
    ["a missing target", () => [...base(), "--task", "sst2"], /missing option --target/],
  ])("exits 2 with one clear line for %s and writes nothing", async (_name, args, message) => {
    const result = await runCli(args());
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe("");
    expect(existsSync(join(folder, ".dlmpo"))).toBe(false);
  });
});
