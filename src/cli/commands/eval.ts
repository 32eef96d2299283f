import { resolve } from "node:path";
import type { Command } from "commander";
import { type ResolveModelOptions, resolveModel } from "../../models/resolve-model.js";
import { createUsageMeter } from "../../models/usage-meter.js";
import { type HeldRunLease, holdRunLease } from "../../optimizer/hold-run-lease.js";
import { promptHash } from "../../prompt/prompt-hash.js";
import type { CallCache } from "../../spec/call-cache.js";
import type { ExampleResult } from "../../spec/store.js";
import { openSqliteStore, type SqliteStore } from "../../store/open-sqlite-store.js";
import { classificationSets } from "../../tasks/classification/classification-sets.js";
import { loadClassificationTask } from "../../tasks/classification/load-classification-task.js";
import { evaluatePrompt } from "../../tasks/evaluate-prompt.js";
import { resolveMaxFailures } from "../../tasks/resolve-max-failures.js";
import { isTauTaskName, tauTaskNames } from "../../tasks/tau-bench/is-tau-task-name.js";
import type { CliContext } from "../cli-context.js";
import { defaultDataDir, defaultStorePath } from "../config/default-paths.js";
import { type EvalOptions, evalOptionsSchema } from "../config/eval-options.js";
import { loadConfigFile } from "../config/load-config-file.js";
import { readPromptFile } from "../config/read-prompt-file.js";
import { resolveCommandOptions } from "../config/resolve-command-options.js";
import { toModelCallSettings } from "../config/to-model-call-settings.js";
import { openCustomModels } from "../open-custom-models.js";
import { createProgressReporter } from "../render/create-progress-reporter.js";
import { type EvalSummary, renderEvalSummary } from "../render/render-eval-summary.js";
import { warn } from "../render/warn.js";
import { collectFlags } from "./collect-flags.js";
import { recordRunFailure } from "./record-run-failure.js";
import { toLabelList } from "./to-label-list.js";

/** The entries of `record` whose values are strings (config parsing leaves absent keys as undefined). */
const definedEntries = (record: Readonly<Record<string, string | undefined>> | undefined) =>
  record === undefined
    ? undefined
    : Object.fromEntries(Object.entries(record).filter((entry): entry is [string, string] => entry[1] !== undefined));

/**
 * Validates everything that can be wrong in the input (exit 2) before any model call or store write. `models` are the
 * shared parts (meter, cache, keys) for a tau-bench task's simulated user.
 */
async function prepareEval(options: EvalOptions, context: CliContext, models: Omit<ResolveModelOptions, "spec">) {
  const cwd = context.cwd;
  const systemPromptFromFile =
    options.prompt === undefined
      ? undefined
      : await readPromptFile({ path: options.prompt, cwd, onWarning: (message) => warn(context, message) });
  const isPath = /[/\\]|\.jsonl$/.test(options.task) && !(options.task in classificationSets);
  const labels = toLabelList(options.labels);
  const dataDir = options.dataDir ?? defaultDataDir({ cwd });
  const task = isTauTaskName(options.task)
    ? (
        await (
          await import("./load-tau-command-task.js")
        ).loadTauCommandTask({
          name: options.task,
          dataDir,
          user: options.user,
          userTemperature: options.userTemperature,
          models: { ...models, ...toModelCallSettings(options, "user") },
          temperature: options.temperature,
          classificationOptions: {
            template: options.template,
            labels: options.labels,
            maxOutputTokens: options.maxOutputTokens,
          },
        })
      ).task
    : await loadClassificationTask({
        name: isPath ? resolve(cwd, options.task) : options.task,
        otherTaskNames: Object.keys(tauTaskNames),
        dataDir,
        template: options.template,
        labels,
        temperature: options.temperature,
        maxOutputTokens: options.maxOutputTokens,
        metricsSeed: options.seed,
      });
  const all = await task.loadSplit(options.split);
  const examples = options.limit === undefined ? all : all.slice(0, options.limit);
  return { task, examples, systemPrompt: systemPromptFromFile ?? task.seedPrompt };
}

/** `dlmpo eval`: scores one system prompt on a task split, saves the run, prints a summary table or JSON. */
async function runEval(options: EvalOptions, context: CliContext): Promise<void> {
  const { runtime } = context;
  const startedMs = runtime.clock.now();
  // Models are resolved (spec and API key checked) before the store file is even opened: bad input writes nothing.
  let cacheStore: SqliteStore | undefined;
  const lazyCache: CallCache = {
    get: async (key) => cacheStore?.get(key),
    set: async (key, value, info) => cacheStore?.set(key, value, info),
  };
  const apiKeys = definedEntries(options.apiKeys);
  const roles = [options.cache, ...Object.values(options.cacheRoles ?? {})];
  const cache = roles.every((mode) => mode === "off") ? undefined : lazyCache;
  const meter = createUsageMeter({ runtime, prices: options.prices });
  const modelSettings = {
    runtime,
    apiKeys,
    meter,
    cache,
    ...toModelCallSettings(options),
    concurrency: options.concurrency,
  };
  const { task, examples, systemPrompt } = await prepareEval(options, context, modelSettings);
  const custom = await openCustomModels({ specs: [options.target] });
  const { model, modelId } = resolveModel({
    spec: options.target,
    customModels: custom.customModels,
    ...modelSettings,
  });
  const storePath = options.store ?? defaultStorePath({ cwd: context.cwd });
  const store = openSqliteStore({ path: storePath });
  cacheStore = store;
  let lease: HeldRunLease | undefined;
  try {
    const runId = runtime.ids.next("eval");
    const hash = promptHash(systemPrompt);
    store.createRun({
      id: runId,
      kind: "eval",
      status: "running",
      createdAtMs: startedMs,
      seed: options.seed,
      config: { ...options, taskId: task.id, systemPrompt, promptHash: hash, examples: examples.length },
    });
    lease = holdRunLease({ store, runId, runtime });
    store.appendEvent({
      runId,
      type: "eval-started",
      atMs: runtime.clock.now(),
      data: { taskId: task.id, split: options.split, target: modelId, promptHash: hash, examples: examples.length },
    });
    const isTTY = "isTTY" in context.stderr && context.stderr.isTTY === true;
    const progress = createProgressReporter({
      write: (text) => context.stderr.write(text),
      isTTY,
      label: `eval ${task.id}/${options.split}`,
      now: () => runtime.clock.now(),
    });
    const showProgress = isTTY || !options.json;
    // A classification score is an answer's accuracy; a tau-bench score is an episode's reward.
    const scoreName = isTauTaskName(options.task) ? "reward" : "accuracy";
    let correct = 0;
    let failed = 0;
    const maxFailures = resolveMaxFailures({ value: options.maxFailures, examples: examples.length });
    // Results are written in batches: one transaction per example costs more than the example when answers come
    // from the cache. A crash loses at most one batch of rows, and the call cache still holds their answers.
    const pending: ExampleResult[] = [];
    let scored = 0;
    const showCounts = (total: number): void => {
      if (!showProgress) return;
      const score = scored === 0 ? "–" : (correct / scored).toFixed(3);
      const detail = failed === 0 ? `${scoreName} ${score}` : `${scoreName} ${score} · ${failed} failed`;
      progress.update({ completed: scored + failed, total, detail });
    };
    const flush = (): void => {
      store.recordResults(pending.splice(0));
    };
    try {
      const result = await evaluatePrompt({
        task,
        prompt: systemPrompt,
        examples,
        target: model,
        runtime,
        concurrency: options.concurrency,
        abortSignal: context.abortSignal,
        onResult: ({ trace, total }) => {
          pending.push({
            runId,
            candidateHash: hash,
            split: options.split,
            exampleId: trace.exampleId,
            score: trace.score,
            trace,
          });
          if (pending.length >= 64) flush();
          correct += trace.score;
          scored += 1;
          showCounts(total);
        },
        maxFailures,
        onFailure: ({ failure, total }) => {
          failed += 1;
          const { exampleId, code, reason } = failure;
          const data = { exampleId, code, reason };
          store.appendEvent({ runId, type: "example-failed", atMs: runtime.clock.now(), data });
          showCounts(total);
        },
      });
      flush();
      progress.finish();
      const summary: EvalSummary = {
        runId,
        task: task.id,
        split: options.split,
        target: modelId,
        promptHash: hash,
        examples: examples.length,
        scored: result.traces.length,
        failed: result.failures.length,
        failures: result.failures.map(({ exampleId, reason }) => ({ exampleId, reason })),
        metrics: result.metrics,
        usage: meter.snapshot().total,
        wallMs: runtime.clock.now() - startedMs,
        store: storePath,
      };
      const atMs = runtime.clock.now();
      const counts = { scored: summary.scored, failed: summary.failed };
      store.appendEvent({ runId, type: "eval-completed", atMs, data: { metrics: result.metrics, ...counts } });
      store.updateRun(runId, { status: "completed", summary, atMs });
      context.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : renderEvalSummary(summary));
    } catch (error) {
      flush();
      progress.finish();
      recordRunFailure({ store, runId, error, usage: meter.snapshot().total, atMs: runtime.clock.now() });
      throw error;
    }
  } finally {
    lease?.release();
    store.close();
    await custom.close();
  }
}

/** The action of `dlmpo eval`: options from the flags and the config file, then the evaluation. */
export async function runEvalCommand(command: Command, context: CliContext): Promise<void> {
  const { config: configFile, ...flags } = collectFlags(command);
  const config =
    typeof configFile === "string" ? await loadConfigFile({ file: configFile, cwd: context.cwd }) : undefined;
  const options = resolveCommandOptions({
    section: "eval",
    schema: evalOptionsSchema,
    config,
    flags,
    pathOptions: ["dataDir", "store", "prompt"],
    pathLikeOptions: ["task"],
    cwd: context.cwd,
  });
  await runEval(options, context);
}
