#!/usr/bin/env node
// Optimiser overhead and memory (issue 4, "Measured"). Run after `npm run build`:
//   node bench/optimizer-overhead.mjs [--calls 2000] [--concurrency 64] [--examples 10000] [--latency-ms 50]
//     [--proposer-latency-ms 300]
// Part 1: a full optimisation against the OpenAI-compatible test server (real HTTP, real AI SDK client, real SQLite
// store) answering after --latency-ms, with a proposer that answers after --proposer-latency-ms (a chat DLM's pace),
// capped at --calls target calls; prints the share of wall time during which no model call (target or proposer) was
// in flight: the optimiser's own overhead (span selection, statistics, events, store writes).
// Part 2: an optimisation over a synthetic task of --examples examples per split (in-process target), printing peak
// memory. Each part prints one line per figure and a JSON summary at the end.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { resolveModel } from "../dist/models/resolve-model.js";
import { optimize } from "../dist/optimizer/optimize.js";
import { createRuntime } from "../dist/runtime/create-runtime.js";
import { openSqliteStore } from "../dist/store/open-sqlite-store.js";
import { loadClassificationTask } from "../dist/tasks/classification/load-classification-task.js";
import { createKeywordTask } from "../dist/testing/keyword-task.js";
import { startOpenAITestServer } from "../dist/testing/openai-test-server.js";
import { createScriptedProposer } from "../dist/testing/scripted-proposer.js";

const { values } = parseArgs({
  options: {
    calls: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "64" },
    examples: { type: "string", default: "10000" },
    "latency-ms": { type: "string", default: "50" },
    "proposer-latency-ms": { type: "string", default: "300" },
  },
});
const calls = Number(values.calls);
const concurrency = Number(values.concurrency);
const examples = Number(values.examples);
const latencyMs = Number(values["latency-ms"]);
const proposerLatencyMs = Number(values["proposer-latency-ms"]);
const folder = mkdtempSync(join(tmpdir(), "dlmpo-bench-optimizer-"));
const phrases = ["Think carefully.", "Be brief.", "Use plain words.", "Answer in English.", "Check twice."];

let peakRssBytes = 0;
let peakHeapBytes = 0;
const sampleMemory = () => {
  const usage = process.memoryUsage();
  peakRssBytes = Math.max(peakRssBytes, usage.rss);
  peakHeapBytes = Math.max(peakHeapBytes, usage.heapUsed);
};
// An in-process target never yields to timers, so memory is also sampled on every optimiser event.
const sampler = setInterval(sampleMemory, 10);

/** Measures the time during which at least one model call (rollout or proposal) is in flight: the union of intervals. */
function createBusyClock() {
  let inFlight = 0;
  let busySinceMs = 0;
  const stats = { busyMs: 0, rollouts: 0, proposals: 0, firstStartMs: undefined, lastEndMs: 0 };
  const during = async (kind, work) => {
    if (inFlight === 0) busySinceMs = performance.now();
    stats.firstStartMs ??= busySinceMs;
    inFlight += 1;
    stats[kind] += 1;
    try {
      return await work();
    } finally {
      inFlight -= 1;
      if (inFlight === 0) {
        stats.lastEndMs = performance.now();
        stats.busyMs += stats.lastEndMs - busySinceMs;
      }
    }
  };
  return { stats, during };
}

/** Wraps a task so its rollouts count as busy time. */
function timed(task, clock) {
  return { ...task, rollout: (options) => clock.during("rollouts", () => task.rollout(options)) };
}

/** The scripted proposer, answering after `latencyMs` as a chat DLM would; its calls count as busy time. */
function slowProposer(latency, clock) {
  const inner = createScriptedProposer({ phrases });
  return {
    ...inner,
    propose: (request) =>
      clock.during("proposals", async () => {
        await new Promise((resolveSleep) => setTimeout(resolveSleep, latency));
        return inner.propose(request);
      }),
  };
}

async function overheadPart() {
  for (const [split, size] of [
    ["train", 2000],
    ["dev", 256],
    ["test", 200],
  ]) {
    const lines = Array.from({ length: size }, (_, index) =>
      JSON.stringify({
        id: `${split}-${index}`,
        text: `review ${index}: ${index % 3 === 0 ? "negative" : "positive"} vibes`,
        label: index % 3 === 0 ? "negative" : "positive",
      }),
    );
    writeFileSync(join(folder, `${split}.jsonl`), `${lines.join("\n")}\n`);
  }
  const server = await startOpenAITestServer({
    latencyMs,
    recordRequests: false,
    respond: (request) => {
      const text = JSON.stringify(request.body);
      const truth = text.includes("negative vibes") ? "negative" : "positive";
      return { text: text.includes("carefully") ? truth : "positive" };
    },
  });
  const runtime = createRuntime({ seed: 1 });
  const store = openSqliteStore({
    path: process.env.BENCH_MEMORY_STORE === "1" ? ":memory:" : join(folder, "overhead.sqlite"),
  });
  const { model } = resolveModel({ spec: `openai-compatible:${server.baseURL}#target`, runtime, concurrency });
  const base = await loadClassificationTask({
    name: join(folder, "{split}.jsonl"),
    dataDir: folder,
    labels: ["negative", "positive"],
  });
  const clock = createBusyClock();
  const { stats } = clock;
  const task = timed(base, clock);
  const rounds = [];
  let roundStartMs = performance.now();
  let roundBusyMs = 0;
  const startMs = performance.now();
  const outcome = await optimize({
    task,
    target: model,
    proposer: slowProposer(proposerLatencyMs, clock),
    runtime,
    store,
    proposalCache: store,
    seed: 1,
    rounds: 1000,
    patience: 1000,
    candidatesPerRound: 8,
    trainMinibatch: 32,
    devSize: 128,
    testSize: 200,
    halvingInitialExamples: 32,
    concurrency,
    spanStrategies: { sentence: 1, insert: 1, random: 1, delete: 1, attributed: 1 },
    budgets: { targetCalls: calls },
    onEvent: (event) => {
      if (event.type !== "round-completed") return;
      const nowMs = performance.now();
      rounds.push({ wallMs: nowMs - roundStartMs, overheadMs: nowMs - roundStartMs - (stats.busyMs - roundBusyMs) });
      roundStartMs = nowMs;
      roundBusyMs = stats.busyMs;
    },
  });
  const wallMs = performance.now() - startMs;
  await server.close();
  store.close();
  const overheadMs = wallMs - stats.busyMs;
  const perRound = rounds.map((round) => round.overheadMs);
  const figures = {
    targetCalls: outcome.spend.targetCalls,
    httpRollouts: stats.rollouts,
    proposals: stats.proposals,
    latencyMs,
    proposerLatencyMs,
    rounds: rounds.length,
    wallMs: Math.round(wallMs),
    modelBusyMs: Math.round(stats.busyMs),
    overheadMs: Math.round(overheadMs),
    overheadShare: overheadMs / wallMs,
    beforeFirstCallMs: Math.round((stats.firstStartMs ?? startMs) - startMs),
    afterLastCallMs: Math.round(startMs + wallMs - stats.lastEndMs),
    overheadPerRoundMsMean: perRound.reduce((sum, value) => sum + value, 0) / Math.max(1, perRound.length),
    overheadPerRoundMsMax: Math.max(0, ...perRound),
    bestDevScore: outcome.devScore,
  };
  console.log(
    `overhead: ${figures.targetCalls} target calls (${latencyMs} ms each) and ${figures.proposals} proposals ` +
      `(${proposerLatencyMs} ms each) in ${figures.rounds} rounds, wall ${figures.wallMs} ms`,
  );
  console.log(
    `overhead: model calls in flight ${figures.modelBusyMs} ms; outside calls ${figures.overheadMs} ms = ${(100 * figures.overheadShare).toFixed(2)}% of wall time`,
  );
  console.log(
    `overhead: per round mean ${figures.overheadPerRoundMsMean.toFixed(1)} ms, max ${figures.overheadPerRoundMsMax.toFixed(1)} ms`,
  );
  return figures;
}

async function memoryPart() {
  const runtime = createRuntime({ seed: 2 });
  const store = openSqliteStore({ path: join(folder, "memory.sqlite") });
  const task = createKeywordTask({ keyword: "carefully", sizes: { train: examples, dev: examples, test: examples } });
  const before = process.memoryUsage();
  peakRssBytes = before.rss;
  peakHeapBytes = before.heapUsed;
  const startMs = performance.now();
  const outcome = await optimize({
    task,
    target: {
      specificationVersion: "v3",
      provider: "bench",
      modelId: "in-process",
      supportedUrls: {},
      doGenerate: async () => {
        throw new Error("unused");
      },
      doStream: async () => {
        throw new Error("unused");
      },
    },
    proposer: createScriptedProposer({ phrases }),
    runtime,
    store,
    proposalCache: store,
    seed: 2,
    rounds: 3,
    patience: 10,
    candidatesPerRound: 4,
    trainMinibatch: 64,
    devSize: examples,
    testSize: examples,
    halvingInitialExamples: Math.ceil(examples / 8),
    concurrency,
    onEvent: sampleMemory,
  });
  sampleMemory();
  const wallMs = performance.now() - startMs;
  store.close();
  const figures = {
    examplesPerSplit: examples,
    rollouts: task.rollouts.length,
    wallMs: Math.round(wallMs),
    rssBeforeMiB: before.rss / 2 ** 20,
    peakRssMiB: peakRssBytes / 2 ** 20,
    peakHeapMiB: peakHeapBytes / 2 ** 20,
    bestDevScore: outcome.devScore,
  };
  console.log(`memory: ${examples} examples a split, ${figures.rollouts} rollouts in ${figures.wallMs} ms`);
  console.log(
    `memory: RSS ${figures.rssBeforeMiB.toFixed(0)} MiB before, peak ${figures.peakRssMiB.toFixed(0)} MiB; peak heap ${figures.peakHeapMiB.toFixed(0)} MiB`,
  );
  return figures;
}

try {
  const overhead = await overheadPart();
  const memory = await memoryPart();
  console.log(JSON.stringify({ overhead, memory }, null, 2));
} finally {
  clearInterval(sampler);
  rmSync(folder, { recursive: true, force: true });
}
