import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OtelSpan } from "../../../spec/otel-span.js";
import { openSqliteStore } from "../../../store/open-sqlite-store.js";
import { type OpenAITestServer, startOpenAITestServer } from "../../../testing/openai-test-server.js";
import type { TestServerRequest } from "../../../testing/openai-test-server-replies.js";
import {
  betterWording,
  isJudgeRequest,
  loggedSupportConversations,
  tracesEndToEndWorld,
} from "../../../testing/replay-world.test-support.js";
import { tracesLoopFlags } from "../loop-flags.test-support.js";
import { runDlmpoBinary } from "../run-dlmpo-binary.js";

const root = join(import.meta.dirname, "..", "..", "..", "..");
const seedPrompt = "You are the support assistant of a parcel shop. Answer the customer.";
let server: OpenAITestServer;
let folder = "";
/** When set, the first DLM request creates the stop file, so the run stops at the next round boundary (once). */
let stopAtFirstDlmRequest = false;

const bodyText = (request: TestServerRequest): string => JSON.stringify(request.body);
const isDlmRequest = (request: TestServerRequest): boolean => bodyText(request).includes("You improve system prompts");
const isRubricRequest = (request: TestServerRequest): boolean => bodyText(request).includes("Write a rubric");
const isAnyJudgeRequest = (request: TestServerRequest): boolean => isJudgeRequest(request) || isRubricRequest(request);
const isTargetRequest = (request: TestServerRequest): boolean => !isDlmRequest(request) && !isAnyJudgeRequest(request);
const isAbsoluteJudgeRequest = (request: TestServerRequest): boolean =>
  isJudgeRequest(request) && bodyText(request).includes("Reply to evaluate:");

/** What the server received since request `from` (by arrival index), split by role. */
function requestsSince(from: number) {
  const made = server.requests.filter((request) => request.index >= from);
  return {
    target: made.filter(isTargetRequest),
    judge: made.filter(isAnyJudgeRequest),
    rubric: made.filter(isRubricRequest),
    absoluteJudge: made.filter(isAbsoluteJudgeRequest),
    dlm: made.filter(isDlmRequest),
  };
}

const sorted = (requests: readonly TestServerRequest[]): string[] => requests.map(bodyText).sort();

/** Events of a stored run without what measures time and work (`spend`, `cost`): equal for equal decisions. */
function decisionsOf(storePath: string, runId: string): unknown[] {
  const store = openSqliteStore({ path: storePath, readOnly: true });
  try {
    return store.listEvents(runId).map((event) => {
      // Stored optimizer events are JSON objects.
      const { spend: _spend, cost: _cost, ...data } = event.data as Record<string, unknown>;
      return data;
    });
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  if (!existsSync(join(root, "dist", "cli", "main.js"))) throw new Error("dist/ is missing: run `npm run build`.");
  server = await startOpenAITestServer({
    respond: (request) => {
      if (stopAtFirstDlmRequest && isDlmRequest(request)) {
        stopAtFirstDlmRequest = false;
        mkdirSync(join(folder, ".dlmpo"), { recursive: true });
        writeFileSync(join(folder, ".dlmpo", "stop"), "");
      }
      return tracesEndToEndWorld(request);
    },
  });
  folder = mkdtempSync(join(tmpdir(), "dlmpo-traces-runs-"));
  const lines = loggedSupportConversations(48, seedPrompt).map((conversation) => JSON.stringify(conversation));
  writeFileSync(join(folder, "traces.jsonl"), `${lines.join("\n")}\n`);
  const expected = loggedSupportConversations(12, seedPrompt).map((conversation, index) =>
    JSON.stringify({ ...conversation, expected: `Order P${index} has shipped.` }),
  );
  writeFileSync(join(folder, "expected.jsonl"), `${expected.join("\n")}\n`);
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

const model = (name: string): string => `openai-compatible:${server.baseURL}#${name}`;

/** `dlmpo optimize --traces traces.jsonl` with the end-to-end test's loop settings, plus `args`. */
const optimizeArgs = (args: readonly string[]): string[] => [
  "optimize",
  "--traces",
  "traces.jsonl",
  "--dlm",
  `chat:${model("dlm")}`,
  ...tracesLoopFlags,
  ...args,
];

const optimize = (args: readonly string[]) => runDlmpoBinary({ cwd: folder, args: [...optimizeArgs(args), "--json"] });

interface Outcome {
  readonly runId: string;
  readonly status: string;
  readonly bestPrompt: string;
  readonly testComparison?: { readonly examples: number; readonly bestMean: number };
  readonly spend: { readonly byModel: readonly { modelId: string; role: string; calls: number }[] };
}

const outcomeOf = (stdout: string): Outcome => JSON.parse(stdout) as Outcome; // the command printed this object

describe("optimize --traces: the judge's cache role", () => {
  it("re-asks only the judge with cacheRoles {judge: refresh}, the same model spec serving as target", async ({
    annotate,
  }) => {
    const same = ["--target", model("m"), "--judge", model("m"), "--store", "roles.sqlite"];
    const before = server.requestCount;
    const first = await optimize(same);
    expect(first.code, first.stderr).toBe(0);
    const made = requestsSince(before);
    await annotate(
      `cache on: ${made.target.length} target, ${made.judge.length} judge (${made.rubric.length} rubric, ` +
        `${made.absoluteJudge.length} agreement) and ${made.dlm.length} DLM requests`,
    );
    expect(made.target.length).toBeGreaterThan(0);
    expect(made.judge.length).toBeGreaterThan(0);
    // One model, two roles: a spend row each.
    const rows = outcomeOf(first.stdout).spend.byModel.filter((row) => row.modelId === "openai-compatible:m");
    expect(rows.map((row) => row.role).sort()).toEqual(["judge", "target"]);
    // The spend counts every call the run made, the rubric's and the agreement checks' before the first round included.
    expect(rows.find((row) => row.role === "judge")?.calls).toBe(made.judge.length);
    expect(rows.find((row) => row.role === "target")?.calls).toBe(made.target.length);

    writeFileSync(join(folder, "judge-refresh.json"), JSON.stringify({ cacheRoles: { judge: "refresh" } }));
    const judgeAgain = server.requestCount;
    const second = await optimize([...same, "--config", "judge-refresh.json"]);
    expect(second.code, second.stderr).toBe(0);
    const remade = requestsSince(judgeAgain);
    expect(remade.target).toHaveLength(0);
    expect(remade.judge.length).toBeGreaterThanOrEqual(made.judge.length);
    expect(outcomeOf(second.stdout).bestPrompt).toBe(outcomeOf(first.stdout).bestPrompt);

    writeFileSync(join(folder, "target-refresh.json"), JSON.stringify({ cacheRoles: { target: "refresh" } }));
    const targetAgain = server.requestCount;
    const third = await optimize([...same, "--config", "target-refresh.json"]);
    expect(third.code, third.stderr).toBe(0);
    expect(requestsSince(targetAgain).target.length).toBeGreaterThan(0);
    expect(requestsSince(targetAgain).judge).toHaveLength(0);
  });

  it("refuses an unknown cache mode for the judge with one line and exit code 2", async () => {
    writeFileSync(join(folder, "bad-role.json"), JSON.stringify({ cacheRoles: { judge: "sometimes" } }));
    const result = await optimize(["--target", model("m"), "--judge", model("m"), "--config", "bad-role.json"]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("bad-role.json");
    expect(result.stderr).toContain("cacheRoles.judge");
    expect(result.stderr).toContain('expected "use", "refresh" or "off"');
  });
});

describe("optimize --traces: a stopped run resumed with `dlmpo runs resume`", () => {
  it("finishes as an uninterrupted run does, asking the target and judge nothing twice, and stores the judge check", async () => {
    const args = ["--target", model("target"), "--judge", model("judge"), "--no-cache"];
    const referenceFrom = server.requestCount;
    const reference = await optimize([...args, "--store", "reference.sqlite"]);
    expect(reference.code, reference.stderr).toBe(0);
    const referenceRequests = requestsSince(referenceFrom);

    stopAtFirstDlmRequest = true;
    const stoppedFrom = server.requestCount;
    const stopped = await optimize([...args, "--store", "resumed.sqlite"]);
    expect(stopped.code, stopped.stderr).toBe(0);
    const { runId, status } = outcomeOf(stopped.stdout);
    expect(status).toBe("stopped");
    const stoppedEvents = decisionsOf(join(folder, "resumed.sqlite"), runId).length;
    const referenceId = outcomeOf(reference.stdout).runId;
    expect(stoppedEvents).toBeLessThan(decisionsOf(join(folder, "reference.sqlite"), referenceId).length);

    const resumed = await runDlmpoBinary({
      cwd: folder,
      args: ["runs", "resume", runId, "--store", "resumed.sqlite", "--json"],
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain("Resuming with the run's stored rubric.");
    const result = outcomeOf(resumed.stdout);
    expect(result.status).toBe("completed");
    expect(result.bestPrompt).toContain(betterWording);
    expect(result.bestPrompt).toBe(outcomeOf(reference.stdout).bestPrompt);
    expect(result.testComparison).toEqual(outcomeOf(reference.stdout).testComparison);
    // Same split, same seed prompt, same judge check, same decisions: the events of the uninterrupted run.
    const decisions = decisionsOf(join(folder, "resumed.sqlite"), runId);
    expect(decisions).toEqual(decisionsOf(join(folder, "reference.sqlite"), referenceId));
    expect(decisions[0]).toMatchObject({ type: "run-started", seedPrompt });
    expect(decisions[1]).toMatchObject({
      type: "judge-checked",
      rubric: "- Apologises for the customer's trouble.\n- Gives the order status.",
    });
    // Without a cache, only the store spares calls: stopped + resumed asked exactly what the uninterrupted run asked.
    const asked = requestsSince(stoppedFrom);
    expect(sorted(asked.target)).toEqual(sorted(referenceRequests.target));
    expect(sorted(asked.judge)).toEqual(sorted(referenceRequests.judge));
    expect(asked.rubric).toHaveLength(1);
    // The chat DLM's proposals are kept with the run even without a cache, so its resume asks none of them again.
    expect(referenceRequests.dlm.length).toBeGreaterThan(0);
    expect(sorted(asked.dlm)).toEqual(sorted(referenceRequests.dlm));

    // The judge's agreement is part of the run: `runs show` and every report format show it with its n and interval.
    const agreement =
      /Judge agreement with logged feedback on (\d+) held-out conversations: 100% \(95% CI \d+–100%\)\./;
    const shown = await runDlmpoBinary({ cwd: folder, args: ["runs", "show", runId, "--store", "resumed.sqlite"] });
    expect(shown.stdout).toMatch(agreement);
    expect(shown.stdout).toMatch(/calls +target \d+, dlm \d+, judge \d+/);
    const examples = Number(agreement.exec(shown.stdout)?.[1]);
    expect(examples).toBe(referenceRequests.absoluteJudge.length);
    const json = await runDlmpoBinary({
      cwd: folder,
      args: ["report", runId, "--store", "resumed.sqlite", "--json"],
    });
    const report = JSON.parse(json.stdout) as { judge: { agreement: { examples: number; agreements: number } } }; // printed by the command
    expect(report.judge.agreement).toMatchObject({ examples, agreements: examples });
    const markdown = await runDlmpoBinary({
      cwd: folder,
      args: ["report", runId, "--store", "resumed.sqlite", "--markdown", "-", "--out", "report.html"],
    });
    expect(markdown.code, markdown.stderr).toBe(0);
    expect(markdown.stdout).toMatch(agreement);
    expect(readFileSync(join(folder, "report.html"), "utf8")).toMatch(agreement);
  });
});

interface PlannedJudgeCalls {
  readonly scoring: number;
  readonly rubric: number;
  readonly agreement: number;
  readonly total: number;
  readonly seedReplies: number;
}

interface Plan {
  readonly targetCalls: { readonly total: number };
  readonly judgeCalls: PlannedJudgeCalls;
}

const planOf = (stdout: string): Plan => (JSON.parse(stdout) as { plan: Plan }).plan; // printed by the command

describe("optimize --traces --dry-run: the judge's calls", () => {
  for (const mode of ["pairwise", "absolute"] as const)
    it(`plans at least the judge requests a real ${mode} run makes, and exactly its rubric and agreement calls`, async ({
      annotate,
    }) => {
      const args = ["--target", model("target"), "--judge", model("judge"), "--judge-mode", mode, "--no-cache"];
      const dry = await optimize([...args, "--dry-run", "--store", `dry-${mode}.sqlite`]);
      expect(dry.code, dry.stderr).toBe(0);
      const plan = planOf(dry.stdout);
      const planned = plan.judgeCalls;
      expect(planned.total).toBe(planned.scoring + planned.rubric + planned.agreement);
      const from = server.requestCount;
      const real = await optimize([...args, "--store", `real-${mode}.sqlite`]);
      expect(real.code, real.stderr).toBe(0);
      const made = requestsSince(from);
      expect(made.judge.length).toBeGreaterThan(0);
      await annotate(
        `${mode}: planned ${planned.total} judge calls (${planned.scoring} scoring, ${planned.rubric} rubric, ` +
          `${planned.agreement} agreement) and ${plan.targetCalls.total} + ${planned.seedReplies} target calls; ` +
          `made ${made.judge.length} judge and ${made.target.length} target requests`,
      );
      expect(made.judge.length).toBeLessThanOrEqual(planned.total);
      // Pairwise, every compared reply replays the seed prompt too: the target's extra calls are planned beside.
      expect(made.target.length).toBeLessThanOrEqual(plan.targetCalls.total + planned.seedReplies);
      if (mode === "absolute") expect(planned.seedReplies).toBe(0);
      expect(made.rubric).toHaveLength(planned.rubric);
      expect(planned.rubric).toBe(1);
      // Agreement checks rate one logged reply each (absolute); pairwise, nothing else is rated that way.
      if (mode === "pairwise") expect(made.absoluteJudge).toHaveLength(planned.agreement);
      else expect(made.absoluteJudge.length - planned.agreement).toBeLessThanOrEqual(planned.scoring);
      const text = await runDlmpoBinary({
        cwd: folder,
        args: optimizeArgs([...args, "--dry-run", "--store", `dry-${mode}.sqlite`]),
      });
      expect(text.stdout).toMatch(
        new RegExp(
          `judge calls +${planned.total} \\(≤ ${planned.scoring} scoring replies, 1 rubric, ${planned.agreement} agreement checks\\)`,
        ),
      );
    });

  it("prices a replayed call by the length of its conversation, not a classification call's", async () => {
    const long = loggedSupportConversations(48, seedPrompt).map((conversation) => ({
      ...conversation,
      messages: conversation.messages.map((message) =>
        message.role === "user"
          ? { ...message, content: `${message.content} ${"More detail. ".repeat(400)}` }
          : message,
      ),
    }));
    writeFileSync(
      join(folder, "long.jsonl"),
      `${long.map((conversation) => JSON.stringify(conversation)).join("\n")}\n`,
    );
    const priced = ["--target", "openai:gpt-4o-mini", "--judge", "openai:gpt-4o-mini", "--dlm", "builtin"];
    const costOf = async (file: string) => {
      const dry = await runDlmpoBinary({
        cwd: folder,
        args: ["optimize", "--traces", file, ...priced, "--dry-run", "--json", "--store", "priced.sqlite"],
      });
      expect(dry.code, dry.stderr).toBe(0);
      // The plan printed by the command.
      const plan = (JSON.parse(dry.stdout) as { plan: { estimatedCostUsd: number; targetCalls: { total: number } } })
        .plan;
      return plan;
    };
    const [short, longer] = [await costOf("traces.jsonl"), await costOf("long.jsonl")];
    expect(longer.targetCalls.total).toBe(short.targetCalls.total);
    // ~5,200 more characters a turn, ~1,300 tokens at $0.15 a million: about $0.0002 more per target call.
    const perCall = (longer.estimatedCostUsd - short.estimatedCostUsd) / short.targetCalls.total;
    expect(perCall).toBeGreaterThan(0.00015);
    const text = await runDlmpoBinary({
      cwd: folder,
      args: ["optimize", "--traces", "long.jsonl", ...priced, "--dry-run", "--store", "priced.sqlite"],
    });
    expect(text.stdout).toMatch(/target ~1\d{3} tokens in and \d+ out per call/);
  });

  it("plans no scoring call when every replayed turn has an expected answer, and none with --rubric", async () => {
    writeFileSync(join(folder, "rubric.md"), "- Gives the order status.\n");
    const dry = await runDlmpoBinary({
      cwd: folder,
      args: ["optimize", "--traces", "expected.jsonl", "--target", model("target"), "--judge", model("judge")].concat([
        "--rubric",
        "rubric.md",
        "--dlm",
        `chat:${model("dlm")}`,
        "--dry-run",
        "--json",
      ]),
    });
    expect(dry.code, dry.stderr).toBe(0);
    expect(planOf(dry.stdout).judgeCalls).toMatchObject({ scoring: 0, rubric: 0 });
  });
});

/** The AI SDK span of one logged support conversation (as `dlmpo traces serve` stores it). */
function supportSpan(index: number): OtelSpan {
  const messages = [
    { role: "system", content: seedPrompt },
    { role: "user", content: [{ type: "text", text: `My parcel #P${index} is late, where is it?` }] },
  ];
  return {
    traceId: index.toString(16).padStart(32, "0"),
    spanId: index.toString(16).padStart(16, "0"),
    name: "ai.generateText.doGenerate",
    startTimeUnixNano: "1700000000000000000",
    endTimeUnixNano: "1700000000500000000",
    attributes: { "ai.prompt.messages": JSON.stringify(messages), "ai.response.text": `Order P${index} has shipped.` },
    events: [],
  };
}

describe("optimize --traces-from store: resumed while spans keep arriving", () => {
  it("replays the spans received before the run started, and has no agreement to show without feedback", async () => {
    const storePath = join(folder, "spans.sqlite");
    const store = openSqliteStore({ path: storePath });
    store.recordSpans(
      Array.from({ length: 48 }, (_, index) => supportSpan(index + 1)),
      Date.now() - 1000,
    );
    store.close();
    const args = ["--traces-from", "store", "--store", "spans.sqlite"];
    const models = ["--target", model("target"), "--judge", model("judge"), "--dlm", `chat:${model("dlm")}`];
    stopAtFirstDlmRequest = true;
    const stopped = await runDlmpoBinary({
      cwd: folder,
      args: ["optimize", ...args, ...models, "--rounds", "2", "--candidates", "2", "--train-minibatch", "4"].concat([
        "--strategies",
        "insert=1",
        "--seed",
        "3",
        "--json",
      ]),
    });
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stderr).toMatch(/Traces: 48 conversations \(spans received until \d{4}-/);
    const { runId, status } = outcomeOf(stopped.stdout);
    expect(status).toBe("stopped");
    const printed = (JSON.parse(stopped.stdout) as { judge: Record<string, unknown> }).judge; // printed by the command
    expect(printed.rubric).toBeDefined();
    expect(printed).not.toHaveProperty("agreement");
    // The receiver goes on: a dozen more conversations arrive before the run is resumed.
    const later = openSqliteStore({ path: storePath });
    later.recordSpans(
      Array.from({ length: 12 }, (_, index) => supportSpan(index + 100)),
      Date.now() + 60_000,
    );
    later.close();
    const resumed = await runDlmpoBinary({ cwd: folder, args: ["runs", "resume", runId, ...args.slice(2), "--json"] });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain("Traces: 48 conversations");
    expect(outcomeOf(resumed.stdout)).toMatchObject({ status: "completed", testComparison: expect.anything() });
    const shown = await runDlmpoBinary({ cwd: folder, args: ["runs", "show", runId, ...args.slice(2), "--json"] });
    const judge = (JSON.parse(shown.stdout) as { judge: Record<string, unknown> }).judge; // printed by the command
    expect(judge).not.toHaveProperty("agreement");
    expect(judge.description).toBe(
      "Judge agreement with logged feedback: unknown, no held-out conversation has a logged score the judge rated.",
    );
  });
});
