import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportAiSdkSpans } from "../../../testing/export-ai-sdk-spans.test-support.js";
import { type OpenAITestServer, startOpenAITestServer } from "../../../testing/openai-test-server.js";
import { betterWording, isJudgeRequest, tracesEndToEndWorld } from "../../../testing/replay-world.test-support.js";
import { tracesLoopFlags } from "../loop-flags.test-support.js";
import { runDlmpoBinary } from "../run-dlmpo-binary.js";

const root = join(import.meta.dirname, "..", "..", "..", "..");
const seedPrompt = "You are the support assistant of a parcel shop. Answer the customer.";
const conversationCount = 48;

function startServe(args: readonly string[], cwd: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(root, "bin", "dlmpo.js"), "traces", "serve", "--port", "0", ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "" },
  });
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const url = /(http:\/\/127\.0\.0\.1:\d+\/v1\/traces)/.exec(output)?.[1];
      if (url !== undefined) resolve({ child, url });
    });
    child.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
}

describe("dlmpo optimize --traces, end to end through the binary", () => {
  let server: OpenAITestServer;
  let cwd: string;
  beforeAll(async () => {
    if (!existsSync(join(root, "dist", "cli", "main.js")))
      throw new Error("dist/ is missing: run `npm run build` first.");
    server = await startOpenAITestServer({ respond: tracesEndToEndWorld });
    cwd = await mkdtemp(join(tmpdir(), "dlmpo-optimize-traces-"));
  });
  afterAll(async () => server.close());

  it("AI SDK spans into `traces serve`, then a judged optimisation finds and accepts the better wording", async () => {
    const serve = await startServe(["--store", "store.sqlite"], cwd);
    try {
      await exportAiSdkSpans({
        baseURL: server.baseURL,
        endpoint: serve.url,
        protocol: "json",
        conversations: Array.from({ length: conversationCount }, (_, index) => ({
          id: `conv-${index}`,
          system: seedPrompt,
          turns: [`My parcel #P${index} is late, where is it?`],
        })),
      });
    } finally {
      await new Promise<void>((resolve) => {
        serve.child.removeAllListeners("exit");
        serve.child.once("exit", () => resolve());
        serve.child.kill("SIGTERM");
      });
    }
    const feedback = Array.from({ length: conversationCount / 3 }, (_, index) =>
      JSON.stringify({ conversationId: `conv-${index * 3}`, thumbs: "down", comment: "cold, no apology" }),
    );
    await writeFile(join(cwd, "feedback.jsonl"), `${feedback.join("\n")}\n`);
    const requestsBefore = server.requestCount;
    const result = await runDlmpoBinary({
      cwd,
      args: [
        "optimize",
        "--traces-from",
        "store",
        "--store",
        "store.sqlite",
        "--feedback",
        "feedback.jsonl",
        "--target",
        `openai-compatible:${server.baseURL}#target`,
        "--judge",
        `openai-compatible:${server.baseURL}#judge`,
        "--dlm",
        `chat:openai-compatible:${server.baseURL}#dlm`,
        ...tracesLoopFlags,
        "--json",
      ],
    });
    expect(result.code, result.stderr).toBe(0);
    const outcome = JSON.parse(result.stdout) as {
      runId: string;
      bestPrompt: string;
      lineage: unknown[];
      testComparison?: { seedMean: number; bestMean: number; examples: number };
      judge?: {
        judgeModelId: string;
        rubric: string;
        agreement?: { examples: number; agreements: number; rate: number; low: number; high: number };
      };
    }; // the command printed this object itself
    expect(outcome.bestPrompt).toContain(betterWording);
    expect(outcome.bestPrompt).toContain(seedPrompt);
    expect(outcome.lineage.length).toBeGreaterThan(1);
    expect(outcome.testComparison).toMatchObject({ seedMean: 0.5, bestMean: 1 });
    expect(outcome.judge?.rubric).toBe("- Apologises for the customer's trouble.\n- Gives the order status.");
    expect(outcome.judge?.agreement?.agreements).toBe(outcome.judge?.agreement?.examples);
    // The same shape as the stored judge-checked event and `dlmpo report --json`: a flat rate with its interval.
    expect(outcome.judge?.agreement).toMatchObject({ rate: 1, low: expect.any(Number), high: 1 });
    expect(outcome.judge?.judgeModelId).toMatch(/judge/);
    expect(result.stderr).toContain(`Traces: ${conversationCount} conversations`);
    expect(result.stderr).toContain("Rubric (derived once from the logged feedback");
    expect(result.stderr).toContain("- Apologises for the customer's trouble.");
    expect(result.stderr).toMatch(/Judge agreement with logged feedback on \d+ held-out conversations: 100%/);
    const judged = server.requests.slice(requestsBefore).filter(isJudgeRequest);
    expect(judged.length).toBeGreaterThan(0);
    // The report puts the judged replies side by side for the conversations that changed most.
    const report = await runDlmpoBinary({ cwd, args: ["report", outcome.runId, "--json", "--store", "store.sqlite"] });
    const changes = (
      JSON.parse(report.stdout) as { largestChanges: { split: string; examples: Record<string, unknown>[] } }
    ).largestChanges; // the command printed this object itself
    expect(changes.split).toBe("test");
    expect(changes.examples[0]).toMatchObject({
      seedScore: 0.5,
      seedReply: expect.stringMatching(/^Order P\d+ has shipped\.$/),
      bestScore: 1,
      bestReply: expect.stringMatching(/^Sorry for the trouble! Order P\d+ has shipped\.$/),
      feedback: expect.stringContaining("judge vs seed: the better reply acknowledges"),
    });
  });
});
