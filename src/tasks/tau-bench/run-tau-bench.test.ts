import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeededRandom } from "../../internal/seeded-random.js";
import { createFakeRuntime } from "../../testing/fake-runtime.js";
import { type OpenAITestServer, startOpenAITestServer } from "../../testing/openai-test-server.js";
import { createScriptedTauResponder } from "./create-scripted-tau-responder.js";
import { createTauBenchTask } from "./create-tau-bench-task.js";
import type { EpisodeDatabase } from "./episode-database.js";
import { loadTauDomain, type TauAction, type TauDomain, type TauDomainName } from "./load-tau-domain.js";
import type { RetailTables } from "./retail/retail-records.js";
import { runTauBench } from "./run-tau-bench.js";
import { createToolCallingAgent } from "./tool-calling-agent.js";

const dataDir = process.env.DLMPO_DATA_DIR ?? fileURLToPath(new URL("../../../../shared/data", import.meta.url));
const hasData = existsSync(`${dataDir}/tau-bench/retail/tools.json`);

/** A test server whose scripted agent follows `actionsFor` (default: the ground truth) for `domain`'s test tasks. */
async function startScripted(
  domain: TauDomain,
  actionsFor?: (taskIndex: number, actions: readonly TauAction[]) => readonly TauAction[],
): Promise<OpenAITestServer> {
  const tasks = await domain.loadTasks("test");
  return startOpenAITestServer({ respond: createScriptedTauResponder({ tasks, actionsFor }), recordRequests: false });
}

function modelsOf(server: OpenAITestServer) {
  const provider = createOpenAICompatible({ baseURL: server.baseURL, name: "test" });
  return { agent: provider.chatModel("agent"), user: provider.chatModel("user") };
}

describe.skipIf(!hasData)("runTauBench with a scripted agent through the test server", () => {
  const domains = new Map<TauDomainName, TauDomain>();
  beforeAll(async () => {
    for (const name of ["retail", "airline"] as const)
      domains.set(name, await loadTauDomain({ dataDir, domain: name }));
  });

  for (const name of ["retail", "airline"] as const) {
    it(`scores reward 1 on every ${name} test task when the agent performs the ground truth`, async () => {
      const domain = domains.get(name);
      if (domain === undefined) throw new Error("not loaded");
      const server = await startScripted(domain);
      try {
        const models = modelsOf(server);
        const result = await runTauBench({
          domain,
          split: "test",
          agent: createToolCallingAgent({ model: models.agent }),
          userModel: models.user,
          trials: 1,
          concurrency: 32,
          random: createSeededRandom(1),
        });
        const failures = result.episodes.filter((episode) => episode.reward !== 1);
        expect(failures.map((episode) => [episode.taskIndex, episode.error, episode.trace?.feedback])).toEqual([]);
        expect(result.episodes).toHaveLength(name === "retail" ? 115 : 50);
        expect(result.metrics[0]).toMatchObject({ name: "pass^1", value: 1 });
      } finally {
        await server.close();
      }
      // About 1,000 HTTP round trips per domain: a few seconds on an idle machine, more on a shared one.
    }, 240_000);
  }

  describe("an agent that gets the database wrong", () => {
    let server: OpenAITestServer;
    let domain: TauDomain;
    // Retail test tasks 0 and 1 both end with an exchange on order #W2378156: task 0's agent skips it, task 1's
    // agent asks for another available variant of the same product than the ground truth does.
    let wrongItemId = "";
    beforeAll(async () => {
      const loaded = domains.get("retail");
      if (loaded === undefined) throw new Error("not loaded");
      domain = loaded;
      const tasks = await domain.loadTasks("test");
      const exchange = tasks[1]?.actions.find((action) => action.name === "exchange_delivered_order_items");
      const wantedItemId = String((exchange?.kwargs.new_item_ids as string[] | undefined)?.[0]); // a list in the data
      // The retail domain's database holds the retail tables.
      const database = domain.createDatabase() as EpisodeDatabase<RetailTables>;
      const product = database.get("products", "4896585277");
      wrongItemId =
        Object.entries(product?.variants ?? {}).find(
          ([id, variant]) => variant.available && id !== wantedItemId,
        )?.[0] ?? "";
      server = await startScripted(domain, (taskIndex, actions) => {
        if (taskIndex === 0) return actions.filter((action) => action.name !== "exchange_delivered_order_items");
        if (taskIndex === 1)
          return actions.map((action) =>
            action.name === "exchange_delivered_order_items"
              ? { ...action, kwargs: { ...action.kwargs, new_item_ids: [wrongItemId] } }
              : action,
          );
        return actions;
      });
    });
    afterAll(async () => {
      await server.close();
    });

    it("scores 0 when it skips the write and names the record that should have changed", async () => {
      const models = modelsOf(server);
      const result = await runTauBench({
        domain,
        split: "test",
        taskIndexes: [0],
        agent: createToolCallingAgent({ model: models.agent }),
        userModel: models.user,
        trials: 1,
        random: createSeededRandom(1),
      });
      const episode = result.episodes[0];
      expect(episode?.reward).toBe(0);
      expect(episode?.endReason).toBe("user-stop");
      expect(episode?.trace?.feedback).toMatch(
        /database orders\/#W2378156: status: expected "exchange requested", got "delivered"/,
      );
    });

    it("scores 0 through the Task interface when it writes a wrong value", async () => {
      expect(wrongItemId).not.toBe("");
      const models = modelsOf(server);
      const task = createTauBenchTask({ domain, userModel: models.user });
      const examples = await task.loadSplit("test");
      const example = examples[1];
      if (example === undefined) throw new Error("no example");
      const trace = await task.rollout({
        systemPrompt: task.seedPrompt,
        example,
        target: models.agent,
        runtime: createFakeRuntime(),
      });
      expect(trace.score).toBe(0);
      expect(trace.feedback).toContain(`exchange_new_items.0: expected "7747408585", got "${wrongItemId}"`);
      expect(trace.toolCalls?.map((call) => call.name)).toContain("exchange_delivered_order_items");
      expect(task.summarize([trace])[0]).toMatchObject({ name: "reward", value: 0 });
    });
  });
});
