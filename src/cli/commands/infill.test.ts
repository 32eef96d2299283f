import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenAITestServer, startOpenAITestServer } from "../../testing/openai-test-server.js";
import { type DlmpoRunResult, runDlmpoBinary } from "./run-dlmpo-binary.js";

const root = join(import.meta.dirname, "..", "..", "..");
const fixture = join(root, "test", "fixtures", "tiny-mlm");
let folder = "";
let openai: OpenAITestServer;
let wrongShape: Server;
let wrongShapeURL = "";

function runCli(args: readonly string[]): Promise<DlmpoRunResult> {
  return runDlmpoBinary({ args, cwd: folder });
}

const write = (name: string, text: string): void => writeFileSync(join(folder, name), text);

interface InfillJson {
  readonly proposer: string;
  readonly maskedSpans: readonly { readonly text: string; readonly strategy: string }[];
  readonly conditioning: string;
  readonly candidates: readonly {
    readonly prompt: string;
    readonly promptHash: string;
    readonly fills: readonly string[];
    readonly isValid: boolean;
  }[];
}

const parseReport = (stdout: string): InfillJson => JSON.parse(stdout) as InfillJson; // The CLI's own --json output.

beforeAll(async () => {
  if (!existsSync(join(root, "dist", "cli", "main.js")))
    throw new Error("dist/ is missing: run `npm run build` before the CLI tests.");
  folder = mkdtempSync(join(tmpdir(), "dlmpo-infill-"));
  write("prompt.txt", "you are a helpful assistant. answer briefly and politely. check the order id first.\n");
  write("placeholder.txt", "greet {{user}} warmly. answer briefly.\n");
  write("kept.txt", "<keep>you are a helpful assistant.</keep> {{user}}\n");
  write("long.txt", `${Array.from({ length: 40 }, () => "check the order id first.").join(" ")}\n`);
  write(
    "traces.jsonl",
    `${JSON.stringify({ input: "is it good?", output: "negative", expected: "positive", score: 0, feedback: "expected positive, got negative" })}\n`,
  );
  write(
    "bad-traces.jsonl",
    `${JSON.stringify({ input: "x", output: "y", score: 0 })}\n{"input": "x", "output": "y", "score": 7}\n`,
  );
  mkdirSync(join(folder, "broken-model"));
  for (const name of ["config.json", "model.onnx"])
    copyFileSync(join(fixture, name), join(folder, "broken-model", name));
  write("broken-model/tokenizer.json", '{"version": "1.0"}');
  openai = await startOpenAITestServer({
    respond: (request) => ({
      text: request.path.includes("fim") ? " reply in one short line." : '<fill id="1">Reply in one short line.</fill>',
    }),
  });
  wrongShape = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end('{"hello": "world"}');
  });
  await new Promise<void>((done) => wrongShape.listen(0, "127.0.0.1", done));
  wrongShapeURL = `http://127.0.0.1:${(wrongShape.address() as AddressInfo).port}`; // A TCP server's address is an AddressInfo.
});

afterAll(async () => {
  await openai.close();
  await new Promise((done) => wrongShape.close(done));
  rmSync(folder, { recursive: true, force: true });
});

const onnx = (): string => `onnx:${fixture}`;

describe("dlmpo infill", () => {
  it("prints K seeded candidates from the ONNX model as JSON, the same for the same seed", async () => {
    const args = [
      "infill",
      "--prompt",
      "prompt.txt",
      "--mask",
      "sentence:1",
      "--traces",
      "traces.jsonl",
      "--dlm",
      onnx(),
      "--steps",
      "6",
      "--candidates",
      "3",
      "--seed",
      "5",
      "--json",
    ];
    const first = await runCli(args);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const report = parseReport(first.stdout);
    expect(report.proposer).toBe("native:tiny-mlm-fixture");
    expect(report.maskedSpans).toEqual([
      expect.objectContaining({ text: "answer briefly and politely.", strategy: "sentence" }),
    ]);
    expect(report.conditioning).toContain("expected positive, got negative");
    expect(report.candidates).toHaveLength(3);
    for (const candidate of report.candidates) {
      expect(candidate.prompt).toMatch(/^you are a helpful assistant\. .*check the order id first\.$/);
      expect(candidate.promptHash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect((await runCli(args)).stdout).toBe(first.stdout);
  });

  it("biases the end token with --end-bias and rejects a value that is not a number", async () => {
    const args = [
      "infill",
      "--prompt",
      "prompt.txt",
      "--mask",
      "sentence:1",
      "--dlm",
      onnx(),
      "--steps",
      "6",
      "--json",
    ];
    const biased = await runCli([...args, "--end-bias", "-4"]);
    expect(biased.code).toBe(0);
    expect(parseReport(biased.stdout).proposer).toBe("native:tiny-mlm-fixture endTokenBias=-4");
    const bad = await runCli([...args, "--end-bias", "less"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--end-bias/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it("highlights each candidate's changes as a plain-text diff when not on a terminal", async () => {
    const result = await runCli([
      "infill",
      "--prompt",
      "prompt.txt",
      "--mask",
      "sentence:1",
      "--dlm",
      onnx(),
      "--steps",
      "4",
      "--candidates",
      "1",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Candidate 1 of 1");
    expect(result.stdout).toMatch(/\[-answer briefly and politely\.-\]\{\+.+\+\}/);
    expect(result.stdout).not.toContain("\u001b[");
  });

  it("fills spans through a chat model and a fill-in-the-middle endpoint", async () => {
    const base = ["infill", "--prompt", "prompt.txt", "--mask", "sentence:1", "--candidates", "1", "--json"];
    const chat = await runCli([...base, "--dlm", `chat:openai-compatible:${openai.baseURL}#test-model`]);
    expect(chat.stderr).not.toMatch(/deprecated/i);
    // The one warning: a chat model not known to be a diffusion LM makes this the AR-infill baseline.
    expect(chat.stderr.match(/warning:/gi)).toEqual(["warning:"]);
    expect(chat.stderr).toContain("AR-infill baseline");
    expect(parseReport(chat.stdout).candidates[0]?.prompt).toBe(
      "you are a helpful assistant. Reply in one short line. check the order id first.",
    );
    const fim = await runCli([...base, "--dlm", `fim:${openai.baseURL}#mercury`]);
    expect(parseReport(fim.stdout).candidates[0]?.prompt).toBe(
      "you are a helpful assistant. reply in one short line. check the order id first.",
    );
  });
});

describe("dlmpo infill with bad input", () => {
  it.each<[string, () => string[], number, RegExp]>([
    ["a missing model directory", () => ["--mask", "sentence:0", "--dlm", "onnx:no-such-model"], 2, /no-such-model/],
    ["an invalid tokenizer", () => ["--mask", "sentence:0", "--dlm", "onnx:broken-model"], 2, /tokenizer\.json/],
    [
      "a mask touching a placeholder",
      () => ["--prompt", "placeholder.txt", "--mask", "chars:0-15", "--dlm", onnx()],
      2,
      /protected placeholder "\{\{user\}\}"/,
    ],
    [
      "a prompt with no maskable span",
      () => ["--prompt", "kept.txt", "--mask", "random:0.5", "--dlm", onnx()],
      2,
      /no maskable span/,
    ],
    [
      "a remote logits server answering the wrong shape",
      () => ["--mask", "sentence:0", "--dlm", `remote:${wrongShapeURL}`],
      1,
      /wrong shape/,
    ],
    [
      "a fill-in-the-middle server answering the wrong shape",
      () => ["--mask", "sentence:0", "--dlm", `fim:${wrongShapeURL}/v1#m`],
      1,
      /wrong shape/,
    ],
    [
      "a prompt longer than the context",
      () => ["--prompt", "long.txt", "--mask", "sentence:0", "--dlm", onnx()],
      2,
      /more than the context length of tiny-mlm-fixture \(128\)/,
    ],
    [
      "a bad traces line",
      () => ["--mask", "sentence:0", "--traces", "bad-traces.jsonl", "--dlm", onnx()],
      2,
      /bad-traces\.jsonl, line 2, field "score"/,
    ],
    ["an unknown mask kind", () => ["--mask", "word:1", "--dlm", onnx()], 2, /Invalid mask "word:1"/],
    ["an unknown DLM", () => ["--mask", "sentence:0", "--dlm", "gpu:llada"], 2, /field "--dlm".*is not a known DLM/],
  ])("rejects %s with a one-line message", async (_name, args, code, message) => {
    const argv = args();
    const withPrompt = argv.includes("--prompt") ? argv : ["--prompt", "prompt.txt", ...argv];
    const result = await runCli(["infill", ...withPrompt, "--steps", "2", "--candidates", "1"]);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(code);
  });
});
