import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Trace } from "../../spec/trace.js";
import { computeTauReward, replayGroundTruth } from "./compute-tau-reward.js";
import { createTauBenchTask } from "./create-tau-bench-task.js";
import { loadTauDomain, type TauDomain, type TauTaskSpec } from "./load-tau-domain.js";
import { loadTauSplit } from "./tau-task-splits.js";

const dataDir = process.env.DLMPO_DATA_DIR ?? fileURLToPath(new URL("../../../../shared/data", import.meta.url));
const hasData = existsSync(`${dataDir}/tau-bench/retail/tools.json`);

describe.skipIf(!hasData)("computeTauReward", () => {
  let domain: TauDomain;
  let withOutputs: TauTaskSpec;
  beforeAll(async () => {
    domain = await loadTauDomain({ dataDir, domain: "retail" });
    const found = (await domain.loadTasks("test")).find((task) => task.outputs.length > 0);
    if (found === undefined) throw new Error("no task with outputs");
    withOutputs = found;
  });

  it("needs every output, matched case-insensitively after commas are removed", () => {
    const database = replayGroundTruth({ domain, task: withOutputs });
    const spoken = withOutputs.outputs.map(
      (output) => `The answer is ${output.toUpperCase().replace(/(\d)(\d{3})$/, "$1,$2")}.`,
    );
    expect(computeTauReward({ domain, task: withOutputs, database, agentMessages: spoken }).reward).toBe(1);
    const silent = computeTauReward({ domain, task: withOutputs, database, agentMessages: ["Done."] });
    expect(silent.reward).toBe(0);
    expect(silent.databaseMatches).toBe(true);
    expect(silent.missingOutputs).toEqual(withOutputs.outputs);
  });

  it("needs the database of the ground truth", () => {
    const fresh = domain.createDatabase();
    const result = computeTauReward({ domain, task: withOutputs, database: fresh, agentMessages: withOutputs.outputs });
    const writes = withOutputs.actions.some((action) => /cancel|modify|return|exchange/.test(action.name));
    expect(result.databaseMatches).toBe(!writes);
    expect(result.reward).toBe(writes ? 0 : 1);
  });
});

describe.skipIf(!hasData)("createTauBenchTask", () => {
  it("summarises rewards and pass^k per example over trials", async () => {
    const domain = await loadTauDomain({ dataDir, domain: "airline" });
    const task = createTauBenchTask({ domain, userModel: {} as never }); // summarize never calls the model
    const trace = (exampleId: string, score: number): Trace => ({ exampleId, input: "", output: "", score });
    const metrics = task.summarize([trace("a", 1), trace("a", 0), trace("b", 1), trace("b", 1)]);
    expect(metrics.map((metric) => metric.name)).toEqual(["reward", "pass^2"]);
    expect(metrics[0]?.value).toBe(0.75);
    expect(metrics[1]?.value).toBe(0.5);
    expect(task.seedPrompt).toBe(domain.policy);
  });

  it("splits airline's 50 test tasks into disjoint train, dev and test sets", async () => {
    const domain = await loadTauDomain({ dataDir, domain: "airline" });
    const sizes = await Promise.all(
      (["train", "dev", "test"] as const).map(async (split) =>
        (await loadTauSplit({ domain, split })).map((ref) => ref.index),
      ),
    );
    expect(sizes.map((indexes) => indexes.length)).toEqual([25, 13, 12]);
    expect(new Set(sizes.flat()).size).toBe(50);
  });
});
