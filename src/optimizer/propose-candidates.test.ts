import { afterEach, describe, expect, it } from "vitest";
import { stableHash } from "../internal/stable-hash.js";
import { resolveModel } from "../models/resolve-model.js";
import { createChatInfillProposer } from "../proposers/create-chat-infill-proposer.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { createMemoryCallCache } from "../testing/memory-call-cache.js";
import { type OpenAITestServer, startOpenAITestServer } from "../testing/openai-test-server.js";
import { resolveSettings } from "./optimizer-settings.js";
import { proposeCandidates } from "./propose-candidates.js";
import { createSpendTracker } from "./spend-tracker.js";

const parentPrompt = "You are a support agent. Be brief. Sign every reply. Never guess an order number.";

let server: OpenAITestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Proposes one round of `candidates` with a chat DLM served by the test server; `latencyOf` delays each answer. */
async function proposeRound(options: {
  readonly candidates: number;
  readonly latencyOf: (requestIndex: number) => number;
  readonly memo?: { readonly cache: ReturnType<typeof createMemoryCallCache>; readonly scope?: string } | undefined;
}): Promise<{ prompts: string[]; maxInFlight: number; requests: number }> {
  server = await startOpenAITestServer({
    respond: async (request) => {
      await new Promise((resolve) => setTimeout(resolve, options.latencyOf(request.index)));
      // The fill depends on what was asked (spans and seed), never on when it was asked or answered.
      return { text: `<fill id="1">Rule ${stableHash(request.body).slice(0, 8)}.</fill>` };
    },
  });
  const runtime = createFakeRuntime();
  // A chat DLM behind its own model and limiter, as `--dlm chat:…` resolves it.
  const { model } = resolveModel({ spec: `openai-compatible:${server.baseURL}#llada-instruct`, runtime });
  const proposer = createChatInfillProposer({ model });
  const settings = resolveSettings({
    taskId: "t",
    proposerId: proposer.id,
    targetModelId: "m",
    seedPrompt: parentPrompt,
    candidatesPerRound: options.candidates,
    spanStrategies: { sentence: 1 },
  });
  const tracker = createSpendTracker({ budgets: {}, clock: runtime.clock, meters: [], testReserve: 0 });
  const result = await proposeCandidates({
    parentPrompt,
    conditioning: "expected a short answer",
    attributions: [],
    history: [],
    settings,
    proposer,
    runtime,
    random: runtime.random.fork("propose"),
    tracker,
    cache: options.memo?.cache,
    memoScope: options.memo?.scope,
  });
  const { maxInFlight, requestCount: requests } = server;
  await server.close();
  server = undefined;
  return { prompts: result.candidates.map((candidate) => candidate.prompt), maxInFlight, requests };
}

describe("proposeCandidates", () => {
  it("keeps all K calls of a chat DLM in flight at once", async () => {
    const { prompts, maxInFlight } = await proposeRound({ candidates: 6, latencyOf: () => 100 });
    expect(prompts).toHaveLength(6);
    expect(maxInFlight).toBe(6);
  });

  it("returns the same candidates in the same order whatever order the calls finish in", async () => {
    const first = await proposeRound({ candidates: 4, latencyOf: (index) => 10 + 40 * index });
    const reversed = await proposeRound({ candidates: 4, latencyOf: (index) => 130 - 40 * index });
    expect(reversed.prompts).toEqual(first.prompts);
    expect(new Set(first.prompts).size).toBe(4);
  });

  it("replays memoised proposals, a scoped memo only for the same scope (a run's own resume)", async () => {
    const cache = createMemoryCallCache();
    const first = await proposeRound({ candidates: 3, latencyOf: () => 0, memo: { cache, scope: "run-a" } });
    const resumed = await proposeRound({ candidates: 3, latencyOf: () => 0, memo: { cache, scope: "run-a" } });
    expect([first.requests, resumed.requests]).toEqual([3, 0]);
    expect(resumed.prompts).toEqual(first.prompts);
    const otherRun = await proposeRound({ candidates: 3, latencyOf: () => 0, memo: { cache, scope: "run-b" } });
    const shared = await proposeRound({ candidates: 3, latencyOf: () => 0, memo: { cache } });
    expect([otherRun.requests, shared.requests]).toEqual([3, 3]);
  });
});
