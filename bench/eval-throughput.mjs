#!/usr/bin/env node
// Throughput of the models layer against the OpenAI-compatible test server (issue 2, "Measured").
// Run after `npm run build`:  node bench/eval-throughput.mjs [--calls 2000] [--concurrency 64] [--latency-ms 50]
//   [--passes 3] (timed fault-free passes after one warm-up pass; the median is reported)
//   [--baseline-calls N] (sequential raw-fetch baseline; default = --calls) [--data-dir ../shared/data]
//   [--retry-after 0] (seconds the fault phase's 429s ask for in `Retry-After`)
//   [--evaluate] (each pass runs through evaluatePrompt, failure accounting included, as `dlmpo eval` does)
// The fault phase uses what users get: resolveModel's own limiter and retry settings, the server's real `Retry-After`.
// Prints one line per figure and a JSON summary at the end. The model is what users get from resolveModel for an
// `openai-compatible:` spec: wrapModel (limiter, retries, meter, cache) over dlmpo's lean Chat Completions client.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { resolveModel } from "../dist/models/resolve-model.js";
import { createRuntime } from "../dist/runtime/create-runtime.js";
import { evaluatePrompt } from "../dist/tasks/evaluate-prompt.js";
import { createMemoryCallCache } from "../dist/testing/memory-call-cache.js";
import { forkBenchServer } from "./fork-bench-server.mjs";

const { values } = parseArgs({
  options: {
    calls: { type: "string", default: "2000" },
    concurrency: { type: "string", default: "64" },
    "latency-ms": { type: "string", default: "50" },
    passes: { type: "string", default: "3" },
    "baseline-calls": { type: "string" },
    "data-dir": { type: "string", default: "../shared/data" },
    "retry-after": { type: "string", default: "0" },
    evaluate: { type: "boolean", default: false },
  },
});
const calls = Number(values.calls);
const concurrency = Number(values.concurrency);
const latencyMs = Number(values["latency-ms"]);
const passes = Math.max(1, Number(values.passes));
const baselineCalls = Number(values["baseline-calls"] ?? values.calls);
const systemPrompt = "Classify the sentiment of the review. Answer with one word: positive or negative.";

function loadTexts() {
  const file = resolve(values["data-dir"], "classification/sst2/train.jsonl");
  const texts = existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line).text)
    : [];
  return Array.from({ length: calls }, (_, i) => `${texts[i % Math.max(1, texts.length)] ?? "a review"} (#${i})`);
}

let peakRssBytes = 0;
const sampler = setInterval(() => {
  peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss()); // rss() alone: no heap walk inside the timed passes
}, 20);

const texts = loadTexts();
const { baseURL, ask } = await forkBenchServer(new URL("./eval-throughput-server.mjs", import.meta.url), [
  String(latencyMs),
]);
const requestCount = async () => (await ask({ type: "count" })).requestCount;
const server = {
  baseURL,
  setFaults: (plan) => ask({ type: "set-faults", plan }),
  close: () => ask({ type: "close" }),
};
const spec = `openai-compatible:${server.baseURL}#bench-model`;
const runtime = createRuntime({ seed: 1 });

// The call a classification rollout makes (src/tasks/classification): the V3 spec call on the wrapped model.
async function classify(model, text) {
  const result = await model.doGenerate({
    prompt: [
      { role: "system", content: systemPrompt },
      { role: "user", content: [{ type: "text", text }] },
    ],
    temperature: 0,
    maxOutputTokens: 16,
  });
  return result.content.map((part) => (part.type === "text" ? part.text : "")).join("");
}

// The same calls as rollouts of a task under evaluatePrompt, a failed call being a failed example (not a crash).
async function evaluateAll(model) {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const examples = texts.map((text, index) => ({ id: String(index), fields: { text } }));
  const task = {
    id: "bench",
    description: "bench",
    seedPrompt: systemPrompt,
    loadSplit: async () => examples,
    rollout: async ({ example, target }) => {
      const output = await classify(target, example.fields.text);
      return { exampleId: example.id, input: example.fields.text, output, score: 1 };
    },
    summarize: () => [],
  };
  const result = await evaluatePrompt({
    task,
    prompt: systemPrompt,
    examples,
    target: model,
    runtime,
    concurrency: calls,
    maxFailures: calls,
  });
  const cpu = process.cpuUsage(cpuBefore);
  if (result.failures.length > 0)
    console.log(`${result.failures.length} examples failed, first: ${result.failures[0].reason}`);
  const answers = new Array(calls);
  for (const trace of result.traces) answers[Number(trace.exampleId)] = trace.output;
  return {
    answers,
    succeeded: result.traces.length,
    wallMs: performance.now() - started,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

async function runAll(model) {
  if (values.evaluate) return evaluateAll(model);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const settled = await Promise.allSettled(texts.map((text) => classify(model, text)));
  const cpu = process.cpuUsage(cpuBefore);
  const failures = settled.filter((result) => result.status === "rejected");
  if (failures.length > 0) console.log(`${failures.length} calls failed, first: ${failures[0].reason}`);
  return {
    answers: settled.map((result) => (result.status === "fulfilled" ? result.value : undefined)),
    succeeded: settled.length - failures.length,
    wallMs: performance.now() - started,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
}

// 1. Fault-free, cache off, concurrency 64: a warm-up pass (JIT, connection pool), then `passes` timed passes. The
// figures below are the median pass's (by wall time), so one pass slowed by other load on the machine does not decide.
const clean = resolveModel({ spec, runtime, concurrency });
await runAll(clean.model);
const requestsBefore = await requestCount();
const cleanRuns = [];
for (let pass = 0; pass < passes; pass += 1) cleanRuns.push(await runAll(clean.model));
const cleanRun = [...cleanRuns].sort((a, b) => a.wallMs - b.wallMs)[Math.floor((passes - 1) / 2)];
const callsPerSecond = calls / (cleanRun.wallMs / 1000);
// The last batch may be partial: `calls` calls at `concurrency` take ceil(calls / concurrency) latencies at best.
const idealPerSecond = calls / ((Math.ceil(calls / concurrency) * latencyMs) / 1000);
const passRatios = cleanRuns.map((run) => calls / (run.wallMs / 1000) / idealPerSecond);
// Time each call held one of the `concurrency` slots, beyond the server's latency.
const overheadMs = (cleanRun.wallMs * concurrency) / calls - latencyMs;
const cpuMicroseconds = (cleanRun.cpuMs / calls) * 1000;
console.log(`timed passes: ratio ${passRatios.map((ratio) => ratio.toFixed(3)).join(", ")}; the median pass counts`);
console.log(`models layer: ${calls} calls in ${cleanRun.wallMs.toFixed(0)} ms = ${callsPerSecond.toFixed(1)} calls/s`);
console.log(
  `ideal ${idealPerSecond.toFixed(1)} calls/s → ratio ${(callsPerSecond / idealPerSecond).toFixed(3)} (goal ≥ 0.85)`,
);
console.log(
  `per-call overhead: ${overheadMs.toFixed(2)} ms per slot above the ${latencyMs} ms latency; ` +
    `${cpuMicroseconds.toFixed(0)} µs client CPU per call (server in another process) → one core could drive ` +
    `${(1e6 / cpuMicroseconds).toFixed(0)} calls/s`,
);
console.log(
  `HTTP requests made by the timed passes: ${(await requestCount()) - requestsBefore} (${passes} × ${calls})`,
);

// 2. Plain sequential loop with raw fetch, same process and server.
const baselineStarted = performance.now();
for (let i = 0; i < baselineCalls; i += 1) {
  const response = await fetch(`${server.baseURL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "bench-model",
      temperature: 0,
      messages: [
        { role: "system", content: systemPrompt },
        { role: "user", content: texts[i] },
      ],
    }),
  });
  await response.json();
}
const baselinePerSecond = baselineCalls / ((performance.now() - baselineStarted) / 1000);
console.log(
  `sequential raw fetch: ${baselinePerSecond.toFixed(1)} calls/s over ${baselineCalls} calls → ` +
    `models layer is ${(callsPerSecond / baselinePerSecond).toFixed(1)}× faster`,
);

// 3. A steady 20% of 429s (with the server's `Retry-After`), at the defaults users get: resolveModel's own limiter and
// retry settings. The time is compared with the fault-free median pass.
await server.setFaults({ seed: 11, rateLimit: 0.2, retryAfter: Number(values["retry-after"]) });
const limited = resolveModel({ spec, runtime, concurrency });
const limitedRequestsBefore = await requestCount();
const limitedRun = await runAll(limited.model);
const limitedState = limited.limiter.state();
console.log(
  `20% 429s at defaults: ${limitedRun.succeeded}/${calls} succeeded in ${limitedRun.wallMs.toFixed(0)} ms = ` +
    `${(limitedRun.wallMs / cleanRun.wallMs).toFixed(2)}× fault-free; ` +
    `${(await requestCount()) - limitedRequestsBefore} HTTP requests, ${limited.meter.snapshot().total.retries} retries, ` +
    `${limitedState.decreases} limiter decreases (limit now ${limitedState.limit}), ${limitedState.pauses} pauses`,
);

// 4. Faults (20% 429, 10% 500) with the cache on, default settings; then an identical pass served from the cache.
await server.setFaults({ seed: 11, rateLimit: 0.2, serverError: 0.1, retryAfter: Number(values["retry-after"]) });
const cache = createMemoryCallCache();
const faultyOptions = { spec, runtime, cache, concurrency };
const faulty = resolveModel(faultyOptions);
const faultyRequestsBefore = await requestCount();
const faultyRun = await runAll(faulty.model);
const faultyUsage = faulty.meter.snapshot().total;
const identical = faultyRun.answers.every((answer, i) => answer === cleanRun.answers[i]);
console.log(
  `with faults: ${faultyRun.succeeded}/${calls} succeeded, answers identical to fault-free: ${identical}; ` +
    `${(await requestCount()) - faultyRequestsBefore} HTTP requests, ${faultyUsage.retries} retries, ` +
    `${faulty.limiter.state().decreases} limiter decreases, ${faultyRun.wallMs.toFixed(0)} ms`,
);

const cachedRequestsBefore = await requestCount();
const cachedModel = resolveModel(faultyOptions);
const cachedRun = await runAll(cachedModel.model);
const cachedUsage = cachedModel.meter.snapshot().total;
const cachedIdentical = cachedRun.answers.every((answer, i) => answer === cleanRun.answers[i]);
const cachedHttpRequests = (await requestCount()) - cachedRequestsBefore;
console.log(
  `second pass: ${cachedUsage.cachedCalls}/${calls} from cache (${((cachedUsage.cachedCalls / calls) * 100).toFixed(1)}%), ` +
    `${cachedHttpRequests} HTTP requests, identical: ${cachedIdentical}, ${cachedRun.wallMs.toFixed(0)} ms`,
);

clearInterval(sampler);
peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
console.log(`peak RSS of the client process: ${(peakRssBytes / 2 ** 20).toFixed(0)} MiB`);
await server.close();

console.log(
  JSON.stringify({
    calls,
    concurrency,
    latencyMs,
    callsPerSecond,
    idealPerSecond,
    ratio: callsPerSecond / idealPerSecond,
    passRatios,
    overheadMsPerCall: overheadMs,
    clientCpuMicrosecondsPerCall: cpuMicroseconds,
    sequentialCallsPerSecond: baselinePerSecond,
    speedupOverSequential: callsPerSecond / baselinePerSecond,
    rateLimited: {
      succeeded: limitedRun.succeeded,
      wallMs: limitedRun.wallMs,
      ratioToFaultFree: limitedRun.wallMs / cleanRun.wallMs,
      decreases: limitedState.decreases,
    },
    faulty: { succeeded: faultyRun.succeeded, identical, retries: faultyUsage.retries, wallMs: faultyRun.wallMs },
    cached: {
      cachedCalls: cachedUsage.cachedCalls,
      httpRequests: cachedHttpRequests,
      identical: cachedIdentical,
    },
    peakRssMiB: peakRssBytes / 2 ** 20,
  }),
);
