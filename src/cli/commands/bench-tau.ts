import type { Command } from "commander";
import { z } from "zod";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import { resolveModel } from "../../models/resolve-model.js";
import { createUsageMeter } from "../../models/usage-meter.js";
import { type HeldRunLease, holdRunLease } from "../../optimizer/hold-run-lease.js";
import { promptHash } from "../../prompt/prompt-hash.js";
import { openSqliteStore } from "../../store/open-sqlite-store.js";
import { createTauAgent } from "../../tasks/tau-bench/create-tau-bench-task.js";
import { loadTauDomain } from "../../tasks/tau-bench/load-tau-domain.js";
import { runTauBench } from "../../tasks/tau-bench/run-tau-bench.js";
import type { CliContext } from "../cli-context.js";
import { defaultDataDir, defaultStorePath } from "../config/default-paths.js";
import { readPromptFile } from "../config/read-prompt-file.js";
import { toModelCallSettings } from "../config/to-model-call-settings.js";
import { createProgressReporter } from "../render/create-progress-reporter.js";
import { warn } from "../render/warn.js";
import { addDataAndCacheOptions } from "./add-data-and-cache-options.js";
import { addModelCallOptions } from "./add-model-call-options.js";
import { renderTauBenchSummary, type TauBenchSummary } from "./bench-tau-summary.js";
import { collectFlags, parseNumberFlag } from "./collect-flags.js";
import { recordRunFailure } from "./record-run-failure.js";

const benchTauOptionsSchema = z.strictObject({
  domain: z.enum(["retail", "airline"]).default("retail"),
  split: z.enum(["train", "dev", "test"]).default("test"),
  agent: z.string().min(1),
  user: z.string().min(1).default("openai:gpt-4o"),
  agentKind: z.enum(["tool-calling", "react"]).default("tool-calling"),
  trials: z.number().int().min(1).max(32).default(1),
  tasks: z.string().optional(),
  prompt: z.string().optional(),
  concurrency: z.number().int().min(1).max(1024).default(8),
  maxSteps: z.number().int().min(1).max(200).default(30),
  temperature: z.number().min(0).max(2).default(0),
  userTemperature: z.number().min(0).max(2).optional(),
  seed: z.number().int().default(0),
  json: z.boolean().default(false),
  dataDir: z.string().optional(),
  store: z.string().optional(),
  cache: z.enum(["use", "off", "refresh"]).default("use"),
  timeout: z.number().positive().optional(),
  retries: z.number().int().min(0).optional(),
});

type BenchTauOptions = z.infer<typeof benchTauOptionsSchema>;

/** `0-19`, `3`, `1,4,10-12` → task indexes (in order, without repeats). */
export function parseTaskRange(text: string): number[] {
  const indexes = new Set<number>();
  for (const part of text.split(",").map((piece) => piece.trim())) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (match === null)
      throw new InvalidInputError({
        message: `expected task indexes like 0-19 or 1,4,7, got "${text}"`,
        location: { field: "tasks" },
      });
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    for (let index = first; index <= last; index += 1) indexes.add(index);
  }
  return [...indexes];
}

function parseOptions(flags: Record<string, unknown>): BenchTauOptions {
  const parsed = benchTauOptionsSchema.safeParse(flags);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InvalidInputError({
    message: issue?.message ?? "invalid options",
    location: { field: issue?.path.join(".") ?? "" },
  });
}

/** `dlmpo bench tau`: runs tau-bench episodes, prints pass^k, cost and a per-task table, and saves the run. */
async function runBenchTau(options: BenchTauOptions, context: CliContext): Promise<void> {
  const { runtime, cwd } = context;
  const startedMs = runtime.clock.now();
  const systemPromptFile =
    options.prompt === undefined
      ? undefined
      : await readPromptFile({ path: options.prompt, cwd, onWarning: (message) => warn(context, message) });
  const taskIndexes = options.tasks === undefined ? undefined : parseTaskRange(options.tasks);
  const dataDir = options.dataDir ?? defaultDataDir({ cwd });
  const domain = await loadTauDomain({ dataDir, domain: options.domain });
  const systemPrompt = systemPromptFile ?? domain.policy;
  const taskCount = (await domain.loadTasks(options.split)).length;
  const outOfRange = taskIndexes?.find((index) => index >= taskCount);
  if (outOfRange !== undefined)
    throw new InvalidInputError({
      message: `Task ${outOfRange} does not exist: ${options.domain}/${options.split} has tasks 0-${taskCount - 1}.`,
      location: { field: "tasks" },
    });
  if (options.trials > 1 && options.temperature === 0 && options.userTemperature === 0 && options.cache !== "off")
    context.stderr.write(
      "dlmpo: warning: at temperature 0 every trial repeats the same cached calls, so pass^k equals pass^1. " +
        "Set --temperature/--user-temperature above 0 (each trial then gets its own samples) or pass --no-cache.\n",
    );
  const storePath = options.store ?? defaultStorePath({ cwd });
  const store = openSqliteStore({ path: storePath });
  let lease: HeldRunLease | undefined;
  try {
    const meter = createUsageMeter({ runtime });
    const common = {
      runtime,
      meter,
      cache: options.cache === "off" ? undefined : store,
      ...toModelCallSettings(options),
      concurrency: options.concurrency,
    };
    const agentModel = resolveModel({ spec: options.agent, ...common });
    const userModel = resolveModel({ spec: options.user, ...common, limiter: agentModel.limiter });
    const runId = runtime.ids.next("bench");
    const hash = promptHash(systemPrompt);
    const config = { ...options, benchmark: "tau-bench", systemPrompt, promptHash: hash };
    store.createRun({
      id: runId,
      kind: "bench",
      status: "running",
      createdAtMs: startedMs,
      seed: options.seed,
      config,
    });
    lease = holdRunLease({ store, runId, runtime });
    store.appendEvent({
      runId,
      type: "bench-started",
      atMs: runtime.clock.now(),
      data: { benchmark: "tau-bench", domain: options.domain, split: options.split, promptHash: hash },
    });
    const isTTY = "isTTY" in context.stderr && context.stderr.isTTY === true;
    const progress = createProgressReporter({
      write: (text) => context.stderr.write(text),
      isTTY,
      label: `tau-bench ${options.domain}/${options.split}`,
      now: () => runtime.clock.now(),
    });
    let done = 0;
    let successes = 0;
    const total = (taskIndexes?.length ?? taskCount) * options.trials;
    try {
      const result = await runTauBench({
        domain,
        split: options.split,
        taskIndexes,
        agent: createTauAgent({ model: agentModel.model, kind: options.agentKind, temperature: options.temperature }),
        userModel: userModel.model,
        userTemperature: options.userTemperature,
        trials: options.trials,
        systemPrompt,
        concurrency: options.concurrency,
        maxSteps: options.maxSteps,
        random: runtime.random.fork(`tau-bench:${options.seed}`),
        abortSignal: context.abortSignal,
        onEpisode: (episode) => {
          done += 1;
          successes += episode.reward;
          const exampleId = `${options.domain}/${options.split}/${episode.taskIndex}#${episode.trial}`;
          store.recordResults([
            {
              runId,
              candidateHash: hash,
              split: options.split,
              exampleId,
              score: episode.reward,
              trace: episode.trace ?? { error: episode.error },
            },
          ]);
          if (isTTY || !options.json)
            progress.update({ completed: done, total, detail: `reward ${(successes / done).toFixed(3)}` });
        },
      });
      progress.finish();
      const summary: TauBenchSummary = {
        runId,
        domain: options.domain,
        split: options.split,
        agent: agentModel.modelId,
        user: userModel.modelId,
        trials: options.trials,
        promptHash: hash,
        metrics: result.metrics,
        perTask: result.perTask.map((task) => ({
          ...task,
          note: result.episodes
            .filter((episode) => episode.taskIndex === task.taskIndex && episode.reward === 0)
            .map(
              (episode) =>
                episode.error ??
                episode.trace?.feedback?.split("\n").find((line) => line.startsWith("What went wrong")),
            )
            .find((note) => note !== undefined),
        })),
        failedEpisodes: result.episodes.filter((episode) => episode.endReason === undefined).length,
        usage: meter.snapshot().total,
        wallMs: runtime.clock.now() - startedMs,
        store: storePath,
      };
      const atMs = runtime.clock.now();
      store.appendEvent({ runId, type: "bench-completed", atMs, data: { metrics: result.metrics } });
      store.updateRun(runId, { status: "completed", summary, atMs });
      context.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : renderTauBenchSummary(summary));
    } catch (error) {
      progress.finish();
      recordRunFailure({ store, runId, error, usage: meter.snapshot().total, atMs: runtime.clock.now() });
      throw error;
    }
  } finally {
    lease?.release();
    store.close();
  }
}

/** Registers `dlmpo bench tau` under the `bench` parent. */
export function registerBenchTauCommand(bench: Command, context: CliContext): void {
  const tau = bench
    .command("tau")
    .description("Run tau-bench (retail or airline): agent + simulated user, pass^1..pass^k, cost, per-task table.")
    .option("--domain <name>", "retail or airline (default retail)")
    .option("--split <split>", "train, dev or test (default test; airline has only test)")
    .option("--agent <model>", "the agent model, e.g. openai:gpt-4o-mini")
    .option("--user <model>", "the simulated user's model (default openai:gpt-4o)")
    .option("--agent-kind <kind>", "tool-calling (default) or react for models without tool calling")
    .option("--trials <n>", "episodes per task (default 1); pass^k for k up to n", parseNumberFlag)
    .option("--tasks <range>", "task indexes, e.g. 0-19 or 1,4,7 (default all)")
    .option("--prompt <file>", "the agent's system prompt (default the domain's policy.md)")
    .option("--concurrency <n>", "episodes and model calls in flight (default 8)", parseNumberFlag)
    .option("--max-steps <n>", "agent steps per episode (default 30)", parseNumberFlag)
    .option("--temperature <t>", "agent temperature (default 0)", parseNumberFlag)
    .option(
      "--user-temperature <t>",
      "simulated user temperature (default: the provider's, 1.0 for OpenAI, as the original)",
      parseNumberFlag,
    )
    .option("--seed <n>", "seed of the bootstrap intervals (default 0)", parseNumberFlag);
  addModelCallOptions(addDataAndCacheOptions(tau)).action(async (_options: unknown, command: Command) => {
    await runBenchTau(parseOptions(collectFlags(command)), context);
  });
}
