#!/usr/bin/env node
// tau-bench environment overhead and scripted-agent wall time (issue 5, "Measured").
// Run after `npm run build`:  node bench/tau-env.mjs [--data-dir ../shared/data] [--concurrency 32] [--repeat 200]
// Prints one line per figure and a JSON summary at the end. The scripted episodes run on the models users get:
// resolveModel for `openai-compatible:` specs (limiter, retries, meter, the lean Chat Completions client).
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createSeededRandom } from "../dist/internal/seeded-random.js";
import { resolveModel } from "../dist/models/resolve-model.js";
import { createRuntime } from "../dist/runtime/create-runtime.js";
import { computeTauReward, replayGroundTruth } from "../dist/tasks/tau-bench/compute-tau-reward.js";
import { createScriptedTauResponder } from "../dist/tasks/tau-bench/create-scripted-tau-responder.js";
import { invokeTool } from "../dist/tasks/tau-bench/invoke-tool.js";
import { loadTauDomain } from "../dist/tasks/tau-bench/load-tau-domain.js";
import { runTauBench } from "../dist/tasks/tau-bench/run-tau-bench.js";
import { createToolCallingAgent } from "../dist/tasks/tau-bench/tool-calling-agent.js";
import { startOpenAITestServer } from "../dist/testing/openai-test-server.js";

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string", default: "../shared/data" },
    concurrency: { type: "string", default: "32" },
    repeat: { type: "string", default: "200" },
  },
});
const dataDir = resolve(values["data-dir"]);
const repeat = Number(values.repeat);
const figures = {};
const report = (name, value, unit) => {
  figures[name] = value;
  console.log(`${name}: ${typeof value === "number" ? value.toFixed(3) : value} ${unit}`);
};
const time = (run) => {
  const start = performance.now();
  run();
  return performance.now() - start;
};

for (const name of ["retail", "airline"]) {
  const loadStart = performance.now();
  const domain = await loadTauDomain({ dataDir, domain: name });
  report(`${name}.load`, performance.now() - loadStart, "ms (once per process)");
  const tasks = await domain.loadTasks("test");
  report(
    `${name}.database-copy`,
    (time(() => {
      for (let i = 0; i < repeat * 100; i += 1) domain.createDatabase();
    }) /
      (repeat * 100)) *
      1000,
    "µs per episode (copy-on-write)",
  );
  const tables = [...domain.createDatabase().base.entries()].map(([table, records]) => [table, [...records.values()]]);
  report(
    `${name}.structured-clone`,
    time(() => {
      for (let i = 0; i < 5; i += 1) structuredClone(tables);
    }) / 5,
    "ms per episode if the whole database were cloned (for comparison)",
  );
  let calls = 0;
  const dispatchMs = time(() => {
    for (let r = 0; r < Math.max(1, Math.ceil(repeat / 50)); r += 1)
      for (const task of tasks) {
        const database = domain.createDatabase();
        for (const action of task.actions) {
          invokeTool({ database, tools: domain.tools, name: action.name, args: action.kwargs });
          calls += 1;
        }
      }
  });
  report(
    `${name}.tool-dispatch`,
    (dispatchMs / calls) * 1000,
    `µs per tool call (mean over ${calls} ground-truth calls)`,
  );
  const rounds = Math.max(1, Math.ceil(repeat / 50));
  report(
    `${name}.tool-dispatch-per-episode`,
    dispatchMs / (rounds * tasks.length),
    "ms per episode (all ground-truth calls of a task)",
  );
  let rewards = 0;
  const rewardMs = time(() => {
    for (const task of tasks) {
      const database = replayGroundTruth({ domain, task });
      rewards += computeTauReward({ domain, task, database, agentMessages: task.outputs }).reward;
    }
  });
  report(
    `${name}.reward`,
    rewardMs / tasks.length,
    `ms per episode (ground-truth replay + diff; ${rewards}/${tasks.length} equal)`,
  );
}

const domain = await loadTauDomain({ dataDir, domain: "retail" });
const tasks = await domain.loadTasks("test");
const server = await startOpenAITestServer({ respond: createScriptedTauResponder({ tasks }), recordRequests: false });
try {
  const runtime = createRuntime({ seed: 0 });
  const concurrency = Number(values.concurrency);
  const resolved = ["agent", "user"].map((name) =>
    resolveModel({ spec: `openai-compatible:${server.baseURL}#${name}`, runtime, concurrency }),
  );
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = await runTauBench({
    domain,
    split: "test",
    agent: createToolCallingAgent({ model: resolved[0].model }),
    userModel: resolved[1].model,
    trials: 1,
    concurrency: Number(values.concurrency),
    random: createSeededRandom(0),
  });
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  report(
    "retail.scripted-115-tasks.cpu",
    (cpu.user + cpu.system) / 1e6,
    "s of CPU in this process (agent, user, HTTP client and server)",
  );
  report(
    "retail.scripted-115-tasks.wall",
    wallMs / 1000,
    `s at concurrency ${values.concurrency} (${server.requestCount} HTTP calls)`,
  );
  report("retail.scripted-115-tasks.pass^1", result.metrics[0]?.value ?? 0, "");
  const retries = resolved.reduce((total, { meter }) => total + meter.snapshot().total.retries, 0);
  report("retail.scripted-115-tasks.retries", retries, "retried model calls");
} finally {
  await server.close();
}
console.log(JSON.stringify(figures));
