import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../store/open-sqlite-store.js";
import { messageTextOf, writeVibesDataset } from "../../testing/null-world-target.js";
import { type OpenAITestServer, startOpenAITestServer } from "../../testing/openai-test-server.js";
import type { TestServerFault } from "../../testing/openai-test-server-faults.js";
import type { TestServerRequest } from "../../testing/openai-test-server-replies.js";
import { loopFlags } from "./loop-flags.test-support.js";
import { runDlmpoBinary } from "./run-dlmpo-binary.js";

const root = join(import.meta.dirname, "..", "..", "..");
let server: OpenAITestServer;
let folder = "";

const isProposerCall = (request: TestServerRequest): boolean =>
  JSON.stringify(request.body).includes("You improve system prompts");

/** Target: right only when its system prompt says "carefully", else always "positive". DLM: fills every gap. */
function respond(request: TestServerRequest): { text: string } {
  if (isProposerCall(request)) {
    const gaps = new Set(JSON.stringify(request.body).match(/\[\[\d+\]\]/g) ?? []).size;
    return {
      text: Array.from(
        { length: Math.max(1, gaps) },
        (_, index) => `<fill id="${index + 1}">Think carefully.</fill>`,
      ).join("\n"),
    };
  }
  const truth = messageTextOf(request, "user").includes("negative vibes") ? "negative" : "positive";
  return { text: messageTextOf(request, "system").includes("carefully") ? truth : "positive" };
}

/** 500s on every attempt for test examples 1 (for the final prompt) and 2 (for both prompts), and dev 5 (the seed). */
function faults(request: TestServerRequest): TestServerFault | undefined {
  if (isProposerCall(request)) return undefined;
  const user = messageTextOf(request, "user");
  const careful = messageTextOf(request, "system").includes("carefully");
  const fails =
    user.includes("review test 2:") ||
    (careful && user.includes("review test 1:")) ||
    (!careful && user.includes("review dev 5:"));
  return fails ? { kind: "server-error" } : undefined;
}

const optimizeArgs = (store: string): string[] => [
  "optimize",
  "--task",
  join(folder, "{split}.jsonl"),
  "--labels",
  "negative,positive",
  "--target",
  `openai-compatible:${server.baseURL}#target`,
  "--dlm",
  `chat:openai-compatible:${server.baseURL}#dlm`,
  ...loopFlags({ rounds: 2, candidates: 2, trainMinibatch: 4, devSize: 24, testSize: 6 }),
  "--strategies",
  "insert=1",
  "--seed",
  "3",
  "--retries",
  "0",
  "--store",
  store,
];

beforeAll(async () => {
  if (!existsSync(join(root, "dist", "cli", "main.js")))
    throw new Error("dist/ is missing: run `npm run build` first.");
  server = await startOpenAITestServer({ respond, faults });
  folder = mkdtempSync(join(tmpdir(), "dlmpo-optimize-failures-"));
  await writeVibesDataset(folder, { train: 8, dev: 24, test: 6 });
});
afterAll(async () => {
  await server.close();
});

describe("dlmpo optimize with examples whose calls fail", () => {
  it("completes and compares seed and final only on test examples scored for both, saying how many were left out", async () => {
    const result = await runDlmpoBinary({
      args: [...optimizeArgs(join(folder, "ok.sqlite")), "--max-failures", "10"],
      cwd: folder,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/failed test example test-2 of [0-9a-f]{8} \(left out\): /);
    expect(result.stderr).toMatch(/test final − seed .*\(n=4, 2 failed\)/);
    // Pairs: test 0, 3, 4, 5; the seed is right on 3 and 5 only.
    expect(result.stdout).toContain(
      "Final − seed on the same 4 test examples (2 more left out: a call failed after its retries): +0.500",
    );
    const store = openSqliteStore({ path: join(folder, "ok.sqlite") });
    const run = store.listRuns({ kind: "optimize" })[0];
    const failed = run === undefined ? [] : store.listEvents(run.id).filter((event) => event.type === "example-failed");
    store.close();
    expect(failed.map((event) => (event.data as { exampleId: string }).exampleId)).toEqual(
      // stored optimizer events
      expect.arrayContaining(["dev-5", "test-1", "test-2"]),
    );
  });

  it("stops as failed past --max-failures with one line, and `runs resume` finishes it once the server recovers", async () => {
    const storePath = join(folder, "limit.sqlite");
    const stopped = await runDlmpoBinary({ args: [...optimizeArgs(storePath), "--max-failures", "1"], cwd: folder });
    expect(stopped.code).toBe(1);
    // dev-5 fails for the seed (1, allowed); the final test adds 3 more.
    expect(stopped.stderr.trim().split("\n").at(-1)).toMatch(
      /^dlmpo: Stopped: \d+ examples failed after their retries, more than the 1 allowed \(max failures\)\. Last: /,
    );
    const store = openSqliteStore({ path: storePath });
    const run = store.listRuns({ kind: "optimize" })[0];
    store.close();
    expect(run?.status).toBe("failed");
    server.setFaults(undefined);
    const resumed = await runDlmpoBinary({
      args: ["runs", "resume", run?.id ?? "", "--store", storePath, "--json"],
      cwd: folder,
    });
    expect(resumed.code).toBe(0);
    const output = JSON.parse(resumed.stdout) as {
      status: string;
      testComparison: { examples: number; failedExamples: number };
    }; // printed by the command
    expect(output.status).toBe("completed");
    expect(output.testComparison).toMatchObject({ examples: 6, failedExamples: 0 });
    // The recorded dev failure is replayed, not asked again; the test examples that hit the limit are.
    const resumedStore = openSqliteStore({ path: storePath });
    const failedIds = resumedStore
      .listEvents(run?.id ?? "")
      .filter((event) => event.type === "example-failed")
      .map((event) => (event.data as { exampleId: string }).exampleId); // stored optimizer events
    resumedStore.close();
    expect(failedIds).toEqual(["dev-5"]);
  });
});
