import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../store/open-sqlite-store.js";
import { type OpenAITestServer, startOpenAITestServer } from "../../testing/openai-test-server.js";
import type { TestServerRequest } from "../../testing/openai-test-server-replies.js";
import { loopFlags } from "./loop-flags.test-support.js";
import { runDlmpoBinary } from "./run-dlmpo-binary.js";

const root = join(import.meta.dirname, "..", "..", "..");
let server: OpenAITestServer;
let folder = "";

const bodyText = (request: TestServerRequest): string => JSON.stringify(request.body);
const isChatDlmRequest = (request: TestServerRequest): boolean =>
  request.path === "/v1/chat/completions" && bodyText(request).includes("You improve system prompts");
const isFimRequest = (request: TestServerRequest): boolean => request.path === "/v1/fim/completions";

/** Target: "positive" always. Chat DLM: no fills at first (a corrective retry follows), fills on the retry. */
function respond(request: TestServerRequest) {
  if (isFimRequest(request)) return { text: " Be exact.", usage: { inputTokens: 100, outputTokens: 4 } };
  if (!isChatDlmRequest(request)) return { text: "positive" };
  const messages = (request.body as { messages: unknown[] }).messages; // the chat request the client sent
  if (messages.length <= 2) return { text: "I would rather not say." };
  const gaps = new Set(bodyText(request).match(/\[\[\d+\]\]/g) ?? []).size;
  return { text: Array.from({ length: Math.max(1, gaps) }, (_, i) => `<fill id="${i + 1}">Be exact.</fill>`).join("") };
}

beforeAll(async () => {
  if (!existsSync(join(root, "dist", "cli", "main.js"))) throw new Error("dist/ is missing: run `npm run build`.");
  server = await startOpenAITestServer({ respond });
  folder = mkdtempSync(join(tmpdir(), "dlmpo-budgets-"));
  for (const [split, size] of [
    ["train", 8],
    ["dev", 8],
    ["test", 4],
  ] as const) {
    const lines = Array.from({ length: size }, (_, index) =>
      JSON.stringify({ id: `${split}-${index}`, text: `review ${index}`, label: index % 2 ? "negative" : "positive" }),
    );
    writeFileSync(join(folder, `${split}.jsonl`), `${lines.join("\n")}\n`);
  }
  writeFileSync(join(folder, "prompt.txt"), "Classify the review. Answer positive or negative.\n");
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

const optimize = (args: readonly string[], env: Record<string, string> = {}) =>
  runDlmpoBinary({
    cwd: folder,
    env,
    args: [
      "optimize",
      "--task",
      join(folder, "{split}.jsonl"),
      "--labels",
      "negative,positive",
      "--prompt",
      "prompt.txt",
      ...loopFlags({ rounds: 3, candidates: 2, trainMinibatch: 4, devSize: 8, testSize: 4 }),
      "--strategies",
      "sentence=1",
      "--json",
      ...args,
    ],
  });

interface SpendRow {
  readonly modelId: string;
  readonly role: string;
  readonly calls: number;
  readonly inputTokens: number;
  readonly costUsd: number;
}

describe("dlmpo optimize budgets", () => {
  it("counts DLM requests, corrective retries included, and never exceeds --budget-dlm-calls", async () => {
    const target = `openai-compatible:${server.baseURL}#target`;
    const before = server.requests.filter(isChatDlmRequest).length;
    const result = await optimize([
      "--target",
      target,
      "--dlm",
      `chat:openai-compatible:${server.baseURL}#dlm`,
      "--budget-dlm-calls",
      "3",
      "--store",
      "requests.sqlite",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const made = server.requests.filter(isChatDlmRequest).length - before;
    const output = JSON.parse(result.stdout);
    expect(made).toBeLessThanOrEqual(3);
    expect(made).toBeGreaterThan(0);
    expect(output.spend.dlmCalls).toBe(made);
  });

  it("counts the work of candidates the fluency gate dropped in the DLM spend, within --budget-dlm-requests", async () => {
    const result = await optimize([
      "--target",
      `openai-compatible:${server.baseURL}#target`,
      "--dlm",
      "builtin",
      "--slots",
      "16",
      "--steps",
      "8",
      "--budget-dlm-requests",
      "5",
      "--store",
      "gate.sqlite",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const { runId, spend, stopReason } = JSON.parse(result.stdout);
    expect(stopReason).toBe("budget:dlmCalls");
    // Five sampler calls of one candidate each, every candidate 8 reverse steps over spans of 16 slots.
    expect(spend.dlmCalls).toBe(5);
    expect(spend.dlmForwardPasses).toBe(5 * 8);
    const store = openSqliteStore({ path: join(folder, "gate.sqlite") });
    try {
      const events = store.listEvents(runId);
      const proposed = events.filter((event) => event.type === "candidate-proposed").length;
      const dropped = events
        .filter((event) => event.type === "candidates-dropped")
        .flatMap((event) => (event.data as { candidates: unknown[] }).candidates); // the optimizer's stored event
      expect(dropped.length).toBeGreaterThan(0);
      expect(spend.droppedCandidates).toBe(dropped.length);
      expect(proposed + dropped.length).toBe(5);
    } finally {
      store.close();
    }
  });

  it("keeps target and DLM spend apart when both are the same model", async () => {
    const same = `openai-compatible:${server.baseURL}#same`;
    const result = await optimize([
      "--target",
      same,
      "--dlm",
      `chat:${same}`,
      "--rounds",
      "1",
      "--store",
      "same.sqlite",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const rows: SpendRow[] = JSON.parse(result.stdout).spend.byModel;
    expect(rows.map((row) => [row.modelId, row.role])).toEqual([
      ["openai-compatible:same", "target"],
      ["openai-compatible:same", "proposer"],
    ]);
    expect(rows[1]?.calls).toBeGreaterThan(0);
  });

  it("sends a FIM DLM through the models layer: metered, priced and in the spend table", async () => {
    writeFileSync(
      join(folder, "prices.json"),
      JSON.stringify({ prices: { "fim:fim-model": { inputPerMillionUsd: 1000, outputPerMillionUsd: 1000 } } }),
    );
    const before = server.requests.filter(isFimRequest).length;
    const args = ["--target", `openai-compatible:${server.baseURL}#target`, "--dlm", `fim:${server.baseURL}#fim-model`];
    const result = await optimize([...args, "--rounds", "1", "--config", "prices.json", "--store", "fim.sqlite"]);
    expect(result.code, result.stderr).toBe(0);
    const spend = JSON.parse(result.stdout).spend;
    const fim = (spend.byModel as SpendRow[]).find((row) => row.modelId === "fim:fim-model");
    const made = server.requests.filter(isFimRequest).length - before;
    expect(made).toBeGreaterThan(0);
    expect(fim).toMatchObject({ role: "proposer", calls: made, inputTokens: 100 * made });
    expect(fim?.costUsd).toBeCloseTo((104 * made * 1000) / 1e6);
    expect(spend.costUsd).toBeGreaterThanOrEqual(fim?.costUsd ?? 0);
  });

  it("plans a dry run with no API key, DLM requests and their cost included", async () => {
    const args = ["--target", "openai:gpt-4o-mini", "--dlm", "chat:openai:gpt-4o-mini", "--dry-run"];
    const result = await optimize([...args, "--store", "dry.sqlite"]);
    expect(result.code, result.stderr).toBe(0);
    const { plan } = JSON.parse(result.stdout);
    // 3 rounds × 1 proposer call of 2 candidates × 2 requests each (a corrective retry per candidate at worst).
    expect(plan.dlmCalls).toBe(12);
    const targetOnly = await optimize(["--target", "openai:gpt-4o-mini", "--dry-run", "--store", "dry.sqlite"]);
    expect(plan.estimatedCostUsd).toBeGreaterThan(JSON.parse(targetOnly.stdout).plan.estimatedCostUsd);
    expect(server.requests.some((request) => bodyText(request).includes("gpt-4o-mini"))).toBe(false);
  });

  it("re-asks only the DLM with cacheRoles {dlm: refresh}, the target answering from the cache", async () => {
    const args = [
      "--target",
      `openai-compatible:${server.baseURL}#target`,
      "--dlm",
      `chat:openai-compatible:${server.baseURL}#dlm`,
      "--rounds",
      "1",
      "--store",
      "roles.sqlite",
    ];
    const first = await optimize(args);
    expect(first.code, first.stderr).toBe(0);
    writeFileSync(join(folder, "roles.json"), JSON.stringify({ cacheRoles: { dlm: "refresh" } }));
    const targetBefore = server.requests.filter((request) => !isChatDlmRequest(request)).length;
    const dlmBefore = server.requests.filter(isChatDlmRequest).length;
    const second = await optimize([...args, "--config", "roles.json"]);
    expect(second.code, second.stderr).toBe(0);
    expect(server.requests.filter(isChatDlmRequest).length - dlmBefore).toBeGreaterThan(0);
    expect(server.requests.filter((request) => !isChatDlmRequest(request)).length - targetBefore).toBe(0);
  });

  it("stops at --budget-tokens", async () => {
    const target = `openai-compatible:${server.baseURL}#target`;
    const result = await optimize(["--target", target, "--method", "random-edit", "--budget-tokens", "50"]);
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.stopReason).toBe("budget:tokens");
  });
});
