#!/usr/bin/env node
// dlmpo and ax (@ax-llm/ax, the pinned dev dependency) side by side against one local OpenAI-compatible test server
// (issue 16): eval one at a time, 16 and 64 in flight; eval with 20% 429s (`Retry-After: 0`); GEPA at a budget of
// target calls. dlmpo runs as users run it (the CLI binary, its defaults, start-up included); ax runs in this process
// (its import excluded) with its own defaults. Run after `npm run build`:
//   node bench/vs-ax.mjs [--examples 500] [--latency-ms 50] [--gepa-calls 1000] [--phases eval,faults,gepa]
//     [--before /path/to/older/bin/dlmpo.js] (also times an older dlmpo build on the 429 and GEPA phases)
//     [--data-dir ../shared/data]
// Prints one line per figure and a JSON summary.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { forkBenchServer } from "./fork-bench-server.mjs";

const { values } = parseArgs({
  options: {
    examples: { type: "string", default: "500" },
    "latency-ms": { type: "string", default: "50" },
    "gepa-calls": { type: "string", default: "1000" },
    phases: { type: "string", default: "eval,faults,gepa" },
    before: { type: "string" },
    "data-dir": { type: "string", default: "../shared/data" },
  },
});
const examples = Number(values.examples);
const latencyMs = Number(values["latency-ms"]);
const gepaCalls = Number(values["gepa-calls"]);
const phases = new Set(values.phases.split(","));
const dataDir = resolve(values["data-dir"]);
const binary = fileURLToPath(new URL("../bin/dlmpo.js", import.meta.url));
const folder = mkdtempSync(join(tmpdir(), "dlmpo-vs-ax-"));
const readJsonl = (split) =>
  readFileSync(join(dataDir, "classification/sst2", `${split}.jsonl`), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
const dev = readJsonl("dev").slice(0, examples);

const { baseURL, ask } = await forkBenchServer(new URL("./vs-ax-server.mjs", import.meta.url), [String(latencyMs)]);
const counts = () => ask({ type: "counts" });
const setFaults = (plan) => ask({ type: "set-faults", plan });
const targetSpec = `openai-compatible:${baseURL}#target`;

/** Runs the dlmpo CLI; resolves with its wall time in ms and the target calls the server saw. */
async function dlmpo(args, bin = binary) {
  const before = await counts();
  const started = performance.now();
  const code = await new Promise((resolveCode) => {
    const child = spawn(process.execPath, [bin, ...args, "--data-dir", dataDir], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("exit", (exitCode) => {
      if (exitCode !== 0) console.log(`dlmpo ${args[0]} exited with ${exitCode}: ${stderr.trim().slice(0, 400)}`);
      resolveCode(exitCode);
    });
  });
  const after = await counts();
  return { ms: performance.now() - started, code, targetCalls: after.targetCalls - before.targetCalls };
}

/** `dlmpo eval` arguments; `concurrency` undefined leaves dlmpo's default. */
const evalArgs = (concurrency, store) => [
  "eval",
  ...["--task", "sst2", "--split", "dev", "--limit", String(examples), "--target", targetSpec],
  ...(concurrency === undefined ? [] : ["--concurrency", String(concurrency)]),
  ...["--no-cache", "--json", "--store", join(folder, `${store}.sqlite`)],
];

const { ai, ax, AxGEPA } = await import("@ax-llm/ax");
const axModel = (model) => ai({ name: "openai-compatible", apiKey: "bench", apiURL: baseURL, config: { model } });
const axTarget = axModel("target");
const classifier = () => ax('review:string "the movie review" -> sentiment:class "positive, negative"');

/** ax's eval loop with `concurrency` calls in flight; counts the examples that ended in an error. */
async function axEval(concurrency) {
  const program = classifier();
  const started = performance.now();
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < dev.length) {
      const example = dev[next];
      next += 1;
      try {
        await program.forward(axTarget, { review: example.text });
      } catch {
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ms: performance.now() - started, failed };
}

const idealMs = (concurrency) => Math.ceil(examples / concurrency) * latencyMs;
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const summary = { examples, latencyMs, gepaCalls, loaded: "see uptime", results: {} };

if (phases.has("eval")) {
  for (const concurrency of [1, 16, 64]) {
    const ours = await dlmpo(evalArgs(concurrency, `eval-${concurrency}`));
    const theirs = await axEval(concurrency);
    const ideal = idealMs(concurrency);
    console.log(
      `eval ${examples} examples, ${concurrency} in flight: dlmpo ${seconds(ours.ms)} (${(ideal / ours.ms).toFixed(2)} of ideal, ` +
        `CLI start-up included), ax ${seconds(theirs.ms)} (${(ideal / theirs.ms).toFixed(2)} of ideal, ${theirs.failed} lost) ` +
        `→ ax/dlmpo ${(theirs.ms / ours.ms).toFixed(2)}×`,
    );
    summary.results[`eval-${concurrency}`] = {
      dlmpoMs: ours.ms,
      axMs: theirs.ms,
      idealMs: ideal,
      axLost: theirs.failed,
    };
  }
}

if (phases.has("faults")) {
  await setFaults({ seed: 11, rateLimit: 0.2, retryAfter: 0 });
  const ours = await dlmpo(evalArgs(undefined, "faults"));
  const theirs16 = await axEval(16);
  const theirs64 = await axEval(64);
  const best = theirs16.ms <= theirs64.ms ? { ...theirs16, concurrency: 16 } : { ...theirs64, concurrency: 64 };
  const old =
    values.before === undefined ? undefined : await dlmpo(evalArgs(undefined, "faults-before"), values.before);
  await setFaults(undefined);
  const clean = await dlmpo(evalArgs(undefined, "clean"));
  console.log(
    `eval with 20% 429s (Retry-After: 0): dlmpo at defaults ${seconds(ours.ms)} (${(ours.ms / clean.ms).toFixed(2)}× its ` +
      `fault-free ${seconds(clean.ms)}; ${ours.targetCalls} requests), ax best ${seconds(best.ms)} at ${best.concurrency} ` +
      `in flight (${best.failed} lost; 16: ${seconds(theirs16.ms)}, 64: ${seconds(theirs64.ms)}) → ax/dlmpo ` +
      `${(best.ms / ours.ms).toFixed(2)}×${old === undefined ? "" : `; before: ${seconds(old.ms)} (${(old.ms / ours.ms).toFixed(2)}× now)`}`,
  );
  summary.results.faults = {
    dlmpoMs: ours.ms,
    dlmpoFaultFreeMs: clean.ms,
    axBestMs: best.ms,
    axBestConcurrency: best.concurrency,
    axLost: best.failed,
    ...(old === undefined ? {} : { beforeMs: old.ms }),
  };
}

if (phases.has("gepa")) {
  const gepaArgs = (store) => [
    "optimize",
    ...["--task", "sst2", "--method", "gepa", "--dlm", `chat:openai-compatible:${baseURL}#reflector`],
    ...["--target", targetSpec, "--budget-calls", String(gepaCalls), "--rounds", "1000", "--patience", "1000"],
    ...["--no-cache", "--json", "--store", join(folder, `${store}.sqlite`)],
  ];
  const ours = await dlmpo(gepaArgs("gepa"));
  const old = values.before === undefined ? undefined : await dlmpo(gepaArgs("gepa-before"), values.before);
  const train = readJsonl("train")
    .slice(0, 200)
    .map((row) => ({ review: row.text, sentiment: row.label }));
  const validation = readJsonl("dev")
    .slice(0, 64)
    .map((row) => ({ review: row.text, sentiment: row.label }));
  const before = await counts();
  const started = performance.now();
  const optimizer = new AxGEPA({
    studentAI: axTarget,
    teacherAI: axModel("reflector"),
    numTrials: 1000,
    earlyStoppingTrials: 1000,
    minibatch: true,
    minibatchSize: 16,
    seed: 1,
    verbose: false,
  });
  await optimizer.compile(
    classifier(),
    train,
    ({ prediction, example }) => (prediction?.sentiment === example.sentiment ? 1 : 0),
    { validationExamples: validation, maxMetricCalls: gepaCalls, verbose: false },
  );
  const axMs = performance.now() - started;
  const axTargetCalls = (await counts()).targetCalls - before.targetCalls;
  console.log(
    `GEPA at ${gepaCalls} target calls: dlmpo --method gepa ${seconds(ours.ms)} (${ours.targetCalls} target calls), ` +
      `AxGEPA ${seconds(axMs)} (${axTargetCalls} target calls) → ax/dlmpo ${(axMs / ours.ms).toFixed(2)}×` +
      `${old === undefined ? "" : `; before: ${seconds(old.ms)}, ${old.targetCalls} target calls (${(old.ms / ours.ms).toFixed(2)}× now)`}`,
  );
  summary.results.gepa = {
    dlmpoMs: ours.ms,
    dlmpoTargetCalls: ours.targetCalls,
    axMs,
    axTargetCalls,
    ...(old === undefined ? {} : { beforeMs: old.ms, beforeTargetCalls: old.targetCalls }),
  };
}

await ask({ type: "close" });
rmSync(folder, { recursive: true, force: true });
console.log(JSON.stringify(summary));
