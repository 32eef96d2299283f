import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportAiSdkSpans } from "../../../testing/export-ai-sdk-spans.test-support.js";
import { type OpenAITestServer, startOpenAITestServer } from "../../../testing/openai-test-server.js";
import { supportBotReply } from "../../../testing/support-bot-replies.test-support.js";
import { runDlmpoBinary } from "../run-dlmpo-binary.js";

const binary = join(import.meta.dirname, "..", "..", "..", "..", "bin", "dlmpo.js");

/** Starts `dlmpo traces serve` and resolves once it printed its endpoint. */
function startServe(
  args: readonly string[],
  cwd: string,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [binary, "traces", "serve", "--port", "0", ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "" },
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString("utf8");
      const url = /(http:\/\/127\.0\.0\.1:\d+\/v1\/traces)/.exec(output)?.[1];
      if (url !== undefined) resolve({ child, url, output: () => output });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

describe("dlmpo traces (binary)", () => {
  let model: OpenAITestServer;
  let cwd: string;
  beforeAll(async () => {
    if (!existsSync(binary.replace(join("bin", "dlmpo.js"), join("dist", "cli", "main.js"))))
      throw new Error("dist/ is missing: run `npm run build` before this test.");
    model = await startOpenAITestServer({ respond: supportBotReply });
    cwd = await mkdtemp(join(tmpdir(), "dlmpo-traces-cli-"));
  });
  afterAll(async () => model.close());

  it("serve stores the spans an AI SDK app exports, redacted; import --from store writes them as conversations", async () => {
    const serve = await startServe(["--redact", "--token", "tok"], cwd);
    try {
      await exportAiSdkSpans({
        baseURL: model.baseURL,
        endpoint: serve.url,
        protocol: "protobuf",
        headers: { authorization: "Bearer tok" },
        conversations: [{ id: "c1", system: "You help.", turns: ["I am ann@example.com, where is #Z9?"] }],
      });
    } finally {
      await stop(serve.child);
    }
    expect(serve.output()).toMatch(/received \d+ spans/);
    await writeFile(join(cwd, "feedback.jsonl"), `${JSON.stringify({ conversationId: "c1", thumbs: "up" })}\n`);
    const imported = await runDlmpoBinary({
      args: ["traces", "import", "--from", "store", "--feedback", "feedback.jsonl", "--out", "traces.jsonl"],
      cwd,
    });
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toContain("Imported 1 conversations (store) into traces.jsonl; 1 with feedback.");
    const written = await readFile(join(cwd, "traces.jsonl"), "utf8");
    expect(written).toContain("I am [email], where is #Z9?");
    expect(written).not.toContain("ann@example.com");
    const stats = await runDlmpoBinary({ args: ["traces", "stats", "traces.jsonl", "--json"], cwd });
    expect(JSON.parse(stats.stdout)).toMatchObject({
      conversations: 1,
      toolCalls: { total: 1, byName: { lookupOrder: 1 } },
      withFeedback: 1,
      scoreHistogram: { "0.8-1.0": 1 },
      redactions: { email: 1 },
    });
  });

  it("stats warns when traces come from several system prompts", async () => {
    const lines = ["A", "B"].map((prompt, index) =>
      JSON.stringify({
        id: `x${index}`,
        messages: [
          { role: "system", content: prompt },
          { role: "user", content: "q" },
        ],
      }),
    );
    await writeFile(join(cwd, "mixed.jsonl"), `${lines.join("\n")}\n`);
    const result = await runDlmpoBinary({ args: ["traces", "stats", "mixed.jsonl"], cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/system prompts {5}2/);
    expect(result.stderr).toContain("Warning: these traces come from 2 different system prompts");
  });

  it("refuses bad input with one line naming file, line and field, exit 2, nothing written", async () => {
    await writeFile(join(cwd, "bad.jsonl"), `${JSON.stringify({ request: { messages: "hi" } })}\n`);
    const result = await runDlmpoBinary({
      args: ["traces", "import", "--from", "openai", "bad.jsonl", "--out", "never.jsonl"],
      cwd,
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      `dlmpo: ${join(cwd, "bad.jsonl")}, line 1, field "request.messages": Expected a non-empty array of messages.`,
    );
    expect(existsSync(join(cwd, "never.jsonl"))).toBe(false);
  });

  it("optimize --traces refuses bad traces, a missing judge and a missing task before any call, exit 2", async () => {
    const target = ["--target", `openai-compatible:${model.baseURL}#target`, "--store", "runs.sqlite"];
    const before = model.requestCount;
    const missing = await runDlmpoBinary({ args: ["optimize", "--traces", "none.jsonl", ...target], cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(`dlmpo: ${join(cwd, "none.jsonl")}: cannot read the file (ENOENT).`);
    await writeFile(
      join(cwd, "plain.jsonl"),
      `${JSON.stringify({
        messages: [
          { role: "system", content: "Be kind." },
          { role: "user", content: "hi" },
        ],
      })}\n`,
    );
    const noJudge = await runDlmpoBinary({ args: ["optimize", "--traces", "plain.jsonl", ...target], cwd });
    expect(noJudge.code).toBe(2);
    expect(noJudge.stderr).toContain('field "judge": Some conversations have no expected answer: pass a judge model');
    const noTask = await runDlmpoBinary({ args: ["optimize", ...target], cwd });
    expect(noTask.code).toBe(2);
    expect(noTask.stderr).toContain('field "--task": is required');
    expect(model.requestCount).toBe(before);
  });
});
