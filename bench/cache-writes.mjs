#!/usr/bin/env node
// Cost of the call cache (issue 16): the same calls against a zero-latency test server with the SQLite store as cache
// (every call a miss that is written) and with no cache, in one process, alternating, median of --passes each.
// Run after `npm run build`:  node bench/cache-writes.mjs [--calls 10000] [--concurrency 16] [--passes 3]
// Prints the median wall and client CPU time of each, their ratios (goal: cache on ≤ 1.2× cache off) and a JSON
// summary. On a loaded machine the CPU ratio is the steadier figure.
import { fork } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { resolveModel } from "../dist/models/resolve-model.js";
import { createRuntime } from "../dist/runtime/create-runtime.js";
import { openSqliteStore } from "../dist/store/open-sqlite-store.js";

const { values } = parseArgs({
  options: {
    calls: { type: "string", default: "10000" },
    concurrency: { type: "string", default: "16" },
    passes: { type: "string", default: "3" },
  },
});
const calls = Number(values.calls);
const concurrency = Number(values.concurrency);
const passes = Math.max(1, Number(values.passes));
const folder = mkdtempSync(join(tmpdir(), "dlmpo-bench-cache-"));

// The server runs in its own process (zero latency), so its CPU does not count against the client.
const serverProcess = fork(new URL("./eval-throughput-server.mjs", import.meta.url), ["0"]);
const ask = (message) =>
  new Promise((resolveAnswer) => {
    const onMessage = (answer) => {
      if (answer.type !== message.type) return;
      serverProcess.off("message", onMessage);
      resolveAnswer(answer);
    };
    serverProcess.on("message", onMessage);
    if (message.type !== "ready") serverProcess.send(message);
  });
const { baseURL } = await ask({ type: "ready" });
const spec = `openai-compatible:${baseURL}#bench-model`;
const runtime = createRuntime({ seed: 1 });

async function runPass(withCache, pass) {
  const path = join(folder, `pass-${pass}-${withCache}.sqlite`);
  const store = withCache ? openSqliteStore({ path }) : undefined;
  const { model } = resolveModel({ spec, runtime, concurrency, cache: store });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: calls }, (_, index) =>
      model.doGenerate({
        prompt: [
          { role: "system", content: "Classify the sentiment of the review." },
          { role: "user", content: [{ type: "text", text: `review ${index} of pass ${pass}` }] },
        ],
        temperature: 0,
        maxOutputTokens: 16,
      }),
    ),
  );
  // Closing writes what is still batched: part of the cost.
  store?.close();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, storeBytes: withCache ? statSync(path).size : 0 };
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor((list.length - 1) / 2)];
await runPass(false, -1); // warm-up: JIT and connections
const on = [];
const off = [];
const onCpu = [];
const offCpu = [];
let storeBytes = 0;
for (let pass = 0; pass < passes; pass += 1) {
  // Alternating which goes first keeps either from always finding the machine (or the heap) in the same state.
  for (const withCache of pass % 2 === 0 ? [false, true] : [true, false]) {
    const result = await runPass(withCache, pass);
    (withCache ? on : off).push(result.wallMs);
    (withCache ? onCpu : offCpu).push(result.cpuMs);
    if (withCache) storeBytes = result.storeBytes;
  }
}
const ratio = median(on) / median(off);
const cpuRatio = median(onCpu) / median(offCpu);
console.log(
  `${calls} calls, ${concurrency} in flight, zero latency (median of ${passes}): cache off ${median(off).toFixed(0)} ms ` +
    `wall / ${median(offCpu).toFixed(0)} ms client CPU; cache on ${median(on).toFixed(0)} ms / ${median(onCpu).toFixed(0)} ms`,
);
console.log(
  `cache on / cache off: ${ratio.toFixed(2)}× wall (goal ≤ 1.2×), ${cpuRatio.toFixed(2)}× client CPU; ` +
    `store ${(storeBytes / 2 ** 20).toFixed(1)} MiB`,
);
await ask({ type: "close" });
rmSync(folder, { recursive: true, force: true });
console.log(
  JSON.stringify({
    calls,
    concurrency,
    passes,
    offMs: off,
    onMs: on,
    offCpuMs: offCpu,
    onCpuMs: onCpu,
    ratio,
    cpuRatio,
    storeBytes,
  }),
);
