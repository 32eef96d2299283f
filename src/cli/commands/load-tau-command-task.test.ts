import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createScriptedTauResponder } from "../../tasks/tau-bench/create-scripted-tau-responder.js";
import { loadTauDomain } from "../../tasks/tau-bench/load-tau-domain.js";
import { type OpenAITestServer, startOpenAITestServer } from "../../testing/openai-test-server.js";
import { loopFlags } from "./loop-flags.test-support.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const binary = join(root, "bin", "dlmpo.js");
const dataDir = join(root, "..", "shared", "data");
const ready = existsSync(join(dataDir, "tau-bench", "retail", "tools.json"));

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe.skipIf(!ready)("dlmpo optimize and eval with --task tau-retail (the real binary)", () => {
  let server: OpenAITestServer;
  let folder = "";
  const runCli = (args: readonly string[]): Promise<CliResult> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [binary, ...args, "--data-dir", dataDir, "--store", join(folder, "runs.sqlite")],
        { cwd: folder, env: { PATH: process.env.PATH ?? "" } },
        (error, stdout, stderr) => {
          resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr });
        },
      );
    });
  const models = () => [
    "--target",
    `openai-compatible:${server.baseURL}#agent`,
    "--user",
    `openai-compatible:${server.baseURL}#user`,
  ];

  beforeAll(async () => {
    if (!existsSync(join(root, "dist", "cli", "main.js"))) throw new Error("dist/ is missing: run `npm run build`.");
    const domain = await loadTauDomain({ dataDir, domain: "retail" });
    const tasks = [
      ...(await domain.loadTasks("train")),
      ...(await domain.loadTasks("dev")),
      ...(await domain.loadTasks("test")),
    ];
    const tau = createScriptedTauResponder({ tasks });
    server = await startOpenAITestServer({
      respond: (request) => {
        const body = JSON.stringify(request.body);
        if (!body.includes('"model":"dlm"')) return tau(request);
        const gaps = new Set(body.match(/\[\[\d+\]\]/g) ?? []).size;
        return {
          text: Array.from({ length: Math.max(1, gaps) }, (_, index) => `<fill id="${index + 1}">Be kind.</fill>`).join(
            "",
          ),
        };
      },
    });
    folder = mkdtempSync(join(tmpdir(), "dlmpo-tau-task-"));
  });
  afterAll(async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("scores the scripted agent on 2 dev tasks with eval, counting the user model's calls in the usage", async () => {
    const before = server.requestCount;
    const result = await runCli([
      "eval",
      "--task",
      "tau-retail",
      "--split",
      "dev",
      "--limit",
      "2",
      ...models(),
      "--json",
    ]);
    expect(result.stderr).not.toContain("dlmpo:");
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as {
      task: string;
      examples: number;
      metrics: { name: string; value: number }[];
      usage: { calls: number };
    };
    expect(summary.task).toBe("tau-bench-retail");
    expect(summary.examples).toBe(2);
    expect(summary.metrics[0]).toMatchObject({ name: "reward", value: 1 });
    const userCalls = server.requests
      .slice(before)
      .filter((request) => JSON.stringify(request.body).includes('"model":"user"'));
    expect(userCalls.length).toBeGreaterThan(0);
    // The simulated user samples at the provider's default temperature, as the original's.
    expect(userCalls.every((request) => !JSON.stringify(request.body).includes('"temperature"'))).toBe(true);
    expect(summary.usage.calls).toBe(server.requestCount - before);
  });

  it("passes --user-temperature to the simulated user of eval", async () => {
    const before = server.requestCount;
    const sampled = await runCli([
      "eval",
      "--task",
      "tau-retail",
      "--split",
      "dev",
      "--limit",
      "1",
      ...models(),
      "--user-temperature",
      "0.3",
    ]);
    expect(sampled.stderr).not.toContain("dlmpo:");
    expect(sampled.code).toBe(0);
    const temperatures = server.requests
      .slice(before)
      .map((request) => JSON.stringify(request.body))
      .filter((body) => body.includes('"model":"user"'))
      .map((body) => /"temperature":([\d.]+)/.exec(body)?.[1]);
    expect(temperatures.length).toBeGreaterThan(0);
    expect(new Set(temperatures)).toEqual(new Set(["0.3"]));
    const invalid = await runCli(["eval", "--task", "tau-retail", ...models(), "--user-temperature", "3"]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/user-?[tT]emperature/);
  });

  it("optimizes the agent's policy prompt on 2 dev tasks and prints pure JSON", async () => {
    const policy = (await loadTauDomain({ dataDir, domain: "retail" })).policy;
    const result = await runCli([
      "optimize",
      "--task",
      "tau-retail",
      ...models(),
      "--dlm",
      `chat:openai-compatible:${server.baseURL}#dlm`,
      ...loopFlags({ rounds: 1, candidates: 1, trainMinibatch: 2, devSize: 2, testSize: 2 }),
      "--strategies",
      "sentence=1",
      "--json",
    ]);
    expect(result.stderr).not.toContain("dlmpo:");
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as {
      bestPrompt: string;
      devScore: number;
      spend: { dlmCalls: number; byModel: { modelId: string; role: string; calls: number }[] };
    };
    expect(output.devScore).toBe(1);
    // The scripted agent passes with any prompt, so the seed (the policy) stays best: no candidate beats it.
    expect(output.bestPrompt).toBe(policy);
    const calls = Object.fromEntries(output.spend.byModel.map((model) => [model.modelId, model.calls]));
    expect(calls["openai-compatible:user"]).toBeGreaterThan(0);
    expect(calls["openai-compatible:agent"]).toBeGreaterThan(0);
    expect(calls["openai-compatible:dlm"]).toBe(output.spend.dlmCalls);
    const roles = Object.fromEntries(output.spend.byModel.map((model) => [model.modelId, model.role]));
    expect(roles).toEqual({
      "openai-compatible:agent": "target",
      "openai-compatible:user": "user",
      "openai-compatible:dlm": "proposer",
    });
  });

  it("names the simulated user when its API key is missing, the target needing none", async () => {
    const result = await runCli([
      "eval",
      "--task",
      "tau-retail",
      "--target",
      `openai-compatible:${server.baseURL}#agent`,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      'dlmpo: Missing API key for "openai". Set OPENAI_API_KEY or pass apiKey. It is the simulated user\'s (--user openai:gpt-4o).',
    );
  });

  it("exits 2 for a classification-only option before calling any model", async () => {
    const before = server.requestCount;
    const result = await runCli(["eval", "--task", "tau-retail", ...models(), "--labels", "a,b"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--labels applies to classification tasks only/);
    expect(server.requestCount).toBe(before);
  });
});
