import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createScriptedTauResponder,
  scriptedDoneMessage,
} from "../../tasks/tau-bench/create-scripted-tau-responder.js";
import { loadTauDomain } from "../../tasks/tau-bench/load-tau-domain.js";
import { type OpenAITestServer, startOpenAITestServer } from "../../testing/openai-test-server.js";
import type { TestServerRequest } from "../../testing/openai-test-server-replies.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../../", import.meta.url));
const binary = join(root, "bin", "dlmpo.js");
const dataDir = process.env.DLMPO_DATA_DIR ?? join(root, "..", "shared", "data");
const ready = existsSync(`${dataDir}/tau-bench/retail/tools.json`) && existsSync(join(root, "dist", "cli", "main.js"));

interface Body {
  readonly model: string;
  readonly temperature?: number;
  readonly messages: readonly { readonly role: string; readonly content: unknown }[];
}
// Request bodies are the AI SDK's OpenAI-compatible chat requests.
const bodyOf = (request: TestServerRequest): Body => request.body as Body;

describe.skipIf(!ready)("dlmpo bench tau trials with a sampling user (the real binary)", () => {
  let server: OpenAITestServer;
  let folder: string;
  beforeAll(async () => {
    const domain = await loadTauDomain({ dataDir, domain: "retail" });
    const scripted = createScriptedTauResponder({ tasks: await domain.loadTasks("test") });
    // A "sampling" user: every second opening sample of a task forgets to say which task it is; the scripted agent
    // then gives up at once and the episode scores 0. Which trial gets which sample depends on arrival order, but each
    // task gets two good and two bad samples, whichever trials they land in, as long as every trial asks anew.
    const openings = new Map<string, number>();
    server = await startOpenAITestServer({
      respond: (request) => {
        const body = bodyOf(request);
        if (body.model !== "agent" && !body.messages.some((message) => message.role === "assistant")) {
          const system = String(body.messages[0]?.content);
          const seen = openings.get(system) ?? 0;
          openings.set(system, seen + 1);
          if (seen % 2 === 1) return { text: "Hello." };
        }
        const reply = scripted(request);
        return "text" in reply && reply.text.startsWith("Unknown task") ? { text: scriptedDoneMessage } : reply;
      },
    });
    folder = mkdtempSync(join(tmpdir(), "dlmpo-bench-tau-trials-"));
  });
  afterAll(async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const bench = (extra: readonly string[], store: string) =>
    run(
      process.execPath,
      [
        binary,
        "bench",
        "tau",
        "--agent",
        `openai-compatible:${server.baseURL}#agent`,
        "--user",
        `openai-compatible:${server.baseURL}#user`,
        "--tasks",
        "0-2",
        "--trials",
        "4",
        "--json",
        "--data-dir",
        dataDir,
        "--store",
        join(folder, store),
        ...extra,
      ],
      { cwd: folder, env: { ...process.env } },
    ).then(
      (result) => ({ code: 0, ...result }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  const metricsOf = (stdout: string): [string, number][] =>
    // The command prints its summary as JSON.
    (JSON.parse(stdout) as { metrics: { name: string; value: number }[] }).metrics.map((metric) => [
      metric.name,
      Math.round(metric.value * 1000) / 1000,
    ]);
  // Two successes in four trials per task: pass^k = C(2,k)/C(4,k).
  const expected: [string, number][] = [
    ["pass^1", 0.5],
    ["pass^2", 0.167],
    ["pass^3", 0],
    ["pass^4", 0],
  ];

  it("--user-temperature 1 --trials 4: each trial samples its own user, pass^1..4 fall as they should", async () => {
    const before = server.requests.length;
    const result = await bench(["--user-temperature", "1"], "t1.sqlite");
    expect(result.stderr).not.toContain("dlmpo:");
    expect(result.code).toBe(0);
    expect(metricsOf(result.stdout)).toEqual(expected);
    const userRequests = server.requests
      .slice(before)
      .map(bodyOf)
      .filter((body) => body.model === "user");
    expect(new Set(userRequests.map((body) => body.temperature))).toEqual(new Set([1]));
    // A rerun replays every trial's own samples from the cache: same figures, no new request.
    const after = server.requests.length;
    const again = await bench(["--user-temperature", "1"], "t1.sqlite");
    expect(metricsOf(again.stdout)).toEqual(expected);
    expect(server.requests.length).toBe(after);
  });

  it("samples the user at the provider's default temperature by default, so trials differ there too", async () => {
    const before = server.requests.length;
    const result = await bench([], "default.sqlite");
    expect(result.stderr).not.toContain("dlmpo:");
    expect(metricsOf(result.stdout)).toEqual(expected);
    const userRequests = server.requests
      .slice(before)
      .map(bodyOf)
      .filter((body) => body.model === "user");
    expect(userRequests.every((body) => body.temperature === undefined)).toBe(true);
  });
});
