#!/usr/bin/env node
// Cost of the call cache (issue 16), cache on against cache off at zero latency, in two settings:
// - `eval`: `dlmpo eval` as users run it (the CLI binary, its defaults, start-up included; --concurrency overrides) on --examples examples
//   (SST-2 texts from --data-dir, numbered so that no two are alike), with the store's call cache (every call a miss
//   that is written) and with `--no-cache` (results are stored either way);
// - `calls`: the models layer alone, --calls calls on `resolveModel` (16 in flight unless --concurrency) with the
//   SQLite store as cache and with none.
// Each setting alternates cache on and off, fresh stores each pass, and prints the median of --passes.
// The server runs in its own process, so its CPU does not count against the client.
// Run after `npm run build`:
//   node bench/cache-writes.mjs [--phases eval,calls] [--examples 10000] [--calls 10000] [--concurrency N]
//     [--passes 3] [--data-dir ../shared/data]
// Prints the medians, their ratios (goal: cache on ≤ 1.2× cache off) and a JSON summary. On a loaded machine the
// client CPU ratio of the `calls` setting is the steadier figure.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { resolveModel } from "../dist/models/resolve-model.js";
import { createRuntime } from "../dist/runtime/create-runtime.js";
import { openSqliteStore } from "../dist/store/open-sqlite-store.js";
import { forkBenchServer } from "./fork-bench-server.mjs";

const { values } = parseArgs({
  options: {
    phases: { type: "string", default: "eval,calls" },
    examples: { type: "string", default: "10000" },
    calls: { type: "string", default: "10000" },
    concurrency: { type: "string" },
    passes: { type: "string", default: "3" },
    "data-dir": { type: "string", default: "../shared/data" },
  },
});
const phases = new Set(values.phases.split(","));
const calls = Number(values.calls);
// The eval setting runs at dlmpo's default unless --concurrency is given; the models layer at 16 by default.
const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
const passes = Math.max(1, Number(values.passes));
const folder = mkdtempSync(join(tmpdir(), "dlmpo-bench-cache-"));
const binary = fileURLToPath(new URL("../bin/dlmpo.js", import.meta.url));

const { baseURL, ask } = await forkBenchServer(new URL("./eval-throughput-server.mjs", import.meta.url), ["0"]);
const spec = `openai-compatible:${baseURL}#bench-model`;
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor((list.length - 1) / 2)];
const summary = {};

/** Runs `measure(withCache, pass)` alternately with the cache on and off; returns the medians of each field. */
async function alternate(measure) {
  const on = [];
  const off = [];
  for (let pass = 0; pass < passes; pass += 1) {
    // Alternating which goes first keeps either from always finding the machine (or the heap) in the same state.
    for (const withCache of pass % 2 === 0 ? [false, true] : [true, false])
      (withCache ? on : off).push(await measure(withCache, pass));
  }
  const medians = (list) =>
    Object.fromEntries(Object.keys(list[0]).map((field) => [field, median(list.map((r) => r[field]))]));
  return { on: medians(on), off: medians(off), passes: { on, off } };
}

if (phases.has("eval")) {
  const examples = Number(values.examples);
  const texts = ["train", "dev", "test"].flatMap((split) =>
    readFileSync(join(resolve(values["data-dir"]), "classification/sst2", `${split}.jsonl`), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line)),
  );
  const taskFile = join(folder, "reviews.jsonl");
  const rows = Array.from({ length: examples }, (_, index) => {
    const row = texts[index % texts.length];
    return JSON.stringify({ id: String(index), text: `${row.text} (${index})`, label: row.label });
  });
  writeFileSync(taskFile, `${rows.join("\n")}\n`);
  const runEval = async (withCache, pass) => {
    const store = join(folder, `eval-${pass}-${withCache}.sqlite`);
    const args = ["eval", "--task", taskFile, "--target", spec, "--limit", String(examples), "--json"];
    if (concurrency !== undefined) args.push("--concurrency", String(concurrency));
    args.push("--store", store, ...(withCache ? [] : ["--no-cache"]));
    const started = performance.now();
    await new Promise((resolveCode) => {
      const child = spawn(process.execPath, [binary, ...args], { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (chunk) => {
        stderr += chunk;
      });
      child.on("exit", (exitCode) => {
        if (exitCode !== 0) console.log(`dlmpo eval exited with ${exitCode}: ${stderr.trim().slice(0, 400)}`);
        resolveCode(exitCode);
      });
    });
    return { wallMs: performance.now() - started };
  };
  await runEval(false, -1); // warm-up: the file system's cache of the binary's modules
  const { on, off, passes: all } = await alternate(runEval);
  const ratio = on.wallMs / off.wallMs;
  console.log(
    `dlmpo eval of ${examples} examples, ${concurrency ?? "default"} in flight, zero latency (CLI, start-up included; median of ${passes}): ` +
      `--no-cache ${off.wallMs.toFixed(0)} ms, cache on ${on.wallMs.toFixed(0)} ms → ${ratio.toFixed(2)}× (goal ≤ 1.2×)`,
  );
  summary.eval = {
    examples,
    concurrency,
    offMs: all.off.map((r) => r.wallMs),
    onMs: all.on.map((r) => r.wallMs),
    ratio,
  };
}

if (phases.has("calls")) {
  const runtime = createRuntime({ seed: 1 });
  const runPass = async (withCache, pass) => {
    const path = join(folder, `calls-${pass}-${withCache}.sqlite`);
    const store = withCache ? openSqliteStore({ path }) : undefined;
    const { model } = resolveModel({ spec, runtime, concurrency: concurrency ?? 16, cache: store });
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
  };
  await runPass(false, -1); // warm-up: JIT and connections
  const { on, off, passes: all } = await alternate(runPass);
  const ratio = on.wallMs / off.wallMs;
  const cpuRatio = on.cpuMs / off.cpuMs;
  console.log(
    `models layer, ${calls} calls, ${concurrency ?? 16} in flight, zero latency (median of ${passes}): cache off ` +
      `${off.wallMs.toFixed(0)} ms wall / ${off.cpuMs.toFixed(0)} ms client CPU; cache on ${on.wallMs.toFixed(0)} ms / ` +
      `${on.cpuMs.toFixed(0)} ms → ${ratio.toFixed(2)}× wall, ${cpuRatio.toFixed(2)}× client CPU; store ` +
      `${(on.storeBytes / 2 ** 20).toFixed(1)} MiB`,
  );
  summary.calls = {
    calls,
    concurrency: concurrency ?? 16,
    offMs: all.off.map((r) => r.wallMs),
    onMs: all.on.map((r) => r.wallMs),
    offCpuMs: all.off.map((r) => r.cpuMs),
    onCpuMs: all.on.map((r) => r.cpuMs),
    ratio,
    cpuRatio,
    storeBytes: on.storeBytes,
  };
}

await ask({ type: "close" });
rmSync(folder, { recursive: true, force: true });
console.log(JSON.stringify({ passes, ...summary }));
