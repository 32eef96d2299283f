#!/usr/bin/env node
// False acceptance in a null world (issue 10, "Done when"). Run after `npm run build`:
//   node bench/false-acceptance.mjs [--runs 40] [--rounds 8] [--candidates 8] [--dev 40] [--test 20] [--noise 0.5]
//                                   [--baseline-dist <dir>]
// The target is the OpenAI-compatible test server (real HTTP, real AI SDK client) answering a sentiment task: on a
// --noise share of the examples its answer is a coin flip keyed by a hash of system prompt and example, otherwise the
// truth, so no prompt is better than another and every accepted candidate is a false acceptance. Each run draws its
// --dev and --test examples (by its seed) from pools ten times larger. Each of --runs
// seeded `random-edit` runs (--rounds × --candidates, the built-in phrases) counts as a false acceptance when it
// accepts any candidate. Printed per configuration: this build's default (α 0.05 over the run), this build with
// α 0.05 per round, and, with --baseline-dist, another build's default (e.g. the code before the acceptance split,
// built into <dir>), run in the same process. Then the positive control: a target that is always right when the
// prompt contains a phrase, and a scripted proposer that proposes it; the share of runs that accept it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { nullWorldResponder, startOpenAITestServer, writeVibesDataset } from "../dist/testing/index.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "40" },
    rounds: { type: "string", default: "8" },
    candidates: { type: "string", default: "8" },
    dev: { type: "string", default: "60" },
    test: { type: "string", default: "40" },
    noise: { type: "string", default: "0.75" },
    "baseline-dist": { type: "string" },
  },
});
const runs = Number(values.runs);
const rounds = Number(values.rounds);
const candidates = Number(values.candidates);
const sizes = { train: 40, dev: Number(values.dev), test: Number(values.test) };
// Each run samples its dev and test examples from pools ten times larger, so the seed prompt's luck differs per run.
const pools = { train: 40, dev: 10 * sizes.dev, test: 10 * sizes.test };
const rewardPhrase = "Read the review twice.";
const folder = mkdtempSync(join(tmpdir(), "dlmpo-bench-false-acceptance-"));

async function loadBuild(dist) {
  const at = (path) => import(pathToFileURL(join(dist, path)).href);
  return {
    ...(await at("optimizer/optimize.js")),
    ...(await at("models/resolve-model.js")),
    ...(await at("runtime/create-runtime.js")),
    ...(await at("store/open-sqlite-store.js")),
    ...(await at("tasks/classification/load-classification-task.js")),
    ...(await at("baselines/index.js")),
    ...(await at("testing/scripted-proposer.js")),
  };
}

/** Runs `runs` seeded optimisations and returns how many accepted a candidate (and how many kept the phrase). */
async function measure({ build, server, settings, proposerOf }) {
  const pattern = await writeVibesDataset(folder, pools);
  let accepting = 0;
  let withPhrase = 0;
  let targetCalls = 0;
  const started = performance.now();
  for (let seed = 0; seed < settings.runs; seed += 1) {
    const runtime = build.createRuntime({ seed, logger: { log() {} } });
    const store = build.openSqliteStore({ path: ":memory:" });
    const { model } = build.resolveModel({
      spec: `openai-compatible:${server.baseURL}#target`,
      runtime,
      concurrency: 16,
    });
    const task = await build.loadClassificationTask({
      name: pattern,
      dataDir: folder,
      labels: ["negative", "positive"],
      seedPrompt: "Classify the sentiment of the review. Answer with one word.",
    });
    const outcome = await build.optimize({
      task,
      target: model,
      proposer: proposerOf(build),
      runtime,
      store,
      seed,
      rounds,
      candidatesPerRound: candidates,
      patience: rounds,
      trainMinibatch: 8,
      devSize: sizes.dev,
      testSize: sizes.test,
      halvingInitialExamples: 5,
      concurrency: 16,
      spanStrategies: { sentence: 1, insert: 1 },
      ...settings.extra,
    });
    if (outcome.lineage.length > 1) accepting += 1;
    if (outcome.bestPrompt.includes(rewardPhrase)) withPhrase += 1;
    targetCalls += outcome.spend.targetCalls;
    store.close();
  }
  return { accepting, withPhrase, targetCalls, seconds: (performance.now() - started) / 1000 };
}

const randomEdit = (build) => build.createRandomEditProposer({ phrases: build.builtinPhrases });
const current = await loadBuild(resolve("dist"));
const noise = Number(values.noise);
const nullServer = await startOpenAITestServer({
  latencyMs: 0,
  recordRequests: false,
  respond: nullWorldResponder({ noiseShare: noise }),
});
const rewardServer = await startOpenAITestServer({
  latencyMs: 0,
  recordRequests: false,
  respond: nullWorldResponder({ noiseShare: noise, rewardPhrase }),
});
const configurations = [
  { name: "this build, α 0.05 over the run (default)", build: current, extra: {} },
  { name: "this build, α 0.05 per round", build: current, extra: { acceptErrorControl: "round" } },
];
if (values["baseline-dist"] !== undefined)
  configurations.push({
    name: `baseline ${values["baseline-dist"]} (its defaults)`,
    build: await loadBuild(resolve(values["baseline-dist"])),
    extra: {},
  });
const summary = { runs, rounds, candidates, sizes, noise, falseAcceptance: [], positiveControl: undefined };
try {
  console.log(
    `null world: ${noise * 100}% of answers a coin flip keyed by prompt and example; ${runs} seeded random-edit runs of ${rounds} rounds × ${candidates} candidates, dev ${sizes.dev}, test ${sizes.test}`,
  );
  for (const configuration of configurations) {
    const result = await measure({
      build: configuration.build,
      server: nullServer,
      settings: { runs, extra: configuration.extra },
      proposerOf: randomEdit,
    });
    const rate = result.accepting / runs;
    summary.falseAcceptance.push({ configuration: configuration.name, ...result, rate });
    console.log(
      `${configuration.name}: false acceptance ${result.accepting}/${runs} = ${(rate * 100).toFixed(1)}% ` +
        `(${result.targetCalls} target calls, ${result.seconds.toFixed(1)} s)`,
    );
  }
  const baseline = summary.falseAcceptance.at(-1);
  const ours = summary.falseAcceptance[0];
  if (values["baseline-dist"] !== undefined && baseline.rate > 0)
    console.log(`ratio this build / baseline: ${(ours.rate / baseline.rate).toFixed(3)}`);
  const controlRuns = Math.min(runs, 10);
  const phrases = [rewardPhrase, "Be brief.", "Use plain words.", "Answer in English."];
  const control = await measure({
    build: current,
    server: rewardServer,
    settings: { runs: controlRuns, extra: {} },
    proposerOf: (build) => build.createScriptedProposer({ phrases }),
  });
  summary.positiveControl = { runs: controlRuns, ...control };
  console.log(
    `positive control (target always right with "${rewardPhrase}", proposer proposes it): ` +
      `accepted in ${control.withPhrase}/${controlRuns} runs`,
  );
  console.log(JSON.stringify(summary));
} finally {
  await nullServer.close();
  await rewardServer.close();
  rmSync(folder, { recursive: true, force: true });
}
