import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import { describeTestComparison } from "../../report/describe-test-comparison.js";
import { renderHtmlReport } from "../../report/render-html-report.js";
import type { MetricValue } from "../../spec/task.js";
import type { CliContext } from "../cli-context.js";
import { defaultDataDir, defaultStorePath, packageRoot } from "../config/default-paths.js";
import { optimizeOptionsSchema } from "../config/optimize-options.js";
import { resolveCommandOptions } from "../config/resolve-command-options.js";
import { openLazyStore } from "../open-lazy-store.js";
import { parseNumberFlag } from "./collect-flags.js";
import { optimizeWithProgress } from "./optimize.js";
import { prepareOptimizeRun } from "./optimize-setup.js";

interface DemoFlags {
  readonly prompt?: string | undefined;
  readonly data?: string | undefined;
  readonly conditioning?: boolean | undefined;
  readonly method?: string | undefined;
  readonly dataDir?: string | undefined;
  readonly rounds?: number | undefined;
  readonly candidates?: number | undefined;
  readonly seed?: number | undefined;
  readonly store?: string | undefined;
  readonly out?: string | undefined;
  readonly json?: boolean | undefined;
}

/** The demo's first-draft seed prompt (it says little about the task, so there is something to optimise). */
const demoSeedPromptFile = join(packageRoot, "data", "demo", "seed-prompt.txt");

/**
 * The demo's data. `demo` (default): the shipped set (`data/demo/`), whose application tags reviews `like` / `dislike`
 * — words the seed prompt never mentions and no instruction the built-in models were trained on uses, so the only way
 * to learn them is from the failure traces (`expected: like`). `sst2`: SST-2 from the benchmark folder, with its own
 * `positive` / `negative` labels, which the built-in target already uses.
 */
function demoData(
  data: string,
  dataDir: string,
): {
  readonly task: string;
  readonly label: string;
  readonly sizes: DemoSizes;
  readonly taskOptions: { readonly template?: string; readonly labels?: readonly string[] };
} {
  if (data === "sst2") {
    if (!existsSync(join(dataDir, "classification", "sst2", "train.jsonl")))
      throw new InvalidInputError({
        message: `no SST-2 in ${dataDir}; set --data-dir to the benchmark data folder.`,
        location: { field: "--data" },
      });
    return { task: "sst2", label: `SST-2 from ${dataDir}`, sizes: { devSize: 100, testSize: 200 }, taskOptions: {} };
  }
  if (data !== "demo")
    throw new InvalidInputError({ message: `expected demo or sst2, got "${data}".`, location: { field: "--data" } });
  return {
    task: join(packageRoot, "data", "demo", "{split}.jsonl"),
    label: "the demo set shipped with dlmpo (data/demo; the application's labels are like / dislike)",
    sizes: { devSize: 40, testSize: 60 },
    taskOptions: { template: "Review: {text}", labels: ["like", "dislike"] },
  };
}

interface DemoSizes {
  readonly devSize: number;
  readonly testSize: number;
}

const percent = (metric: MetricValue | undefined): string =>
  metric === undefined
    ? "n/a"
    : `${(metric.value * 100).toFixed(1)}%  (95% CI ${(metric.low * 100).toFixed(1)}% – ${(metric.high * 100).toFixed(1)}%)`;

/**
 * `dlmpo demo`: the whole method offline — the built-in model as both target (cloze classifier) and DLM proposer —
 * on a sentiment task: a few rounds of optimisation, then the seed and the optimised prompt scored on the same held-out
 * test examples, and the HTML report written.
 */
async function runDemo(flags: DemoFlags, context: CliContext): Promise<void> {
  const dataDir = resolve(context.cwd, flags.dataDir ?? defaultDataDir({ cwd: context.cwd }));
  const data = demoData(flags.data ?? "demo", dataDir);
  const storePath = resolve(context.cwd, flags.store ?? defaultStorePath({ cwd: context.cwd }));
  const command = resolveCommandOptions({
    section: "optimize",
    schema: optimizeOptionsSchema,
    config: undefined,
    pathOptions: ["prompt"],
    cwd: context.cwd,
    flags: {
      task: data.task,
      target: "builtin",
      dlm: "builtin",
      method: flags.method ?? "dlm",
      prompt: flags.prompt ?? demoSeedPromptFile,
      ...data.taskOptions,
      ...(flags.conditioning === false ? { conditioning: false } : {}),
      rounds: flags.rounds ?? 6,
      candidates: flags.candidates ?? 8,
      // New sentences and rewritten ones: the small built-in DLM writes whole instruction sentences far better than
      // it patches random words.
      strategies: "insert=2,sentence=1",
      trainMinibatch: 16,
      ...data.sizes,
      patience: 6,
      concurrency: 4,
      seed: flags.seed ?? 0,
      dataDir,
      store: storePath,
      json: flags.json ?? false,
    },
  });
  const say = (line: string): void => {
    (command.json ? context.stderr : context.stdout).write(`${line}\n`);
  };
  say(`dlmpo demo · built-in target and built-in DLM, offline · data: ${data.label}`);
  mkdirSync(dirname(storePath), { recursive: true });
  const store = openLazyStore({ path: storePath });
  try {
    const prepared = await prepareOptimizeRun({ command, context, store });
    try {
      const outcome = await optimizeWithProgress({ prepared, context });
      if (outcome.kind !== "run") return;
      const seedPrompt = outcome.lineage[0]?.prompt ?? prepared.parts.task.seedPrompt;
      const comparison = outcome.testComparison;
      const verdict = describeTestComparison({
        comparison,
        seedHash: outcome.lineage[0]?.hash,
        bestHash: outcome.bestHash,
        finished: outcome.status === "completed",
      });
      const reportPath = resolve(context.cwd, flags.out ?? join(dirname(storePath), `demo-${outcome.runId}.html`));
      const run = store.getRun(outcome.runId);
      if (run !== undefined)
        writeFileSync(
          reportPath,
          renderHtmlReport({ run, events: store.listEvents(run.id), results: store.listResults(run.id) }),
        );
      const seedAccuracy = outcome.seedTestMetrics?.find((metric) => metric.name === "accuracy");
      const bestAccuracy = outcome.testMetrics?.find((metric) => metric.name === "accuracy");
      if (command.json) {
        const summary = {
          runId: outcome.runId,
          data: data.label,
          testExamples: comparison?.examples ?? 0,
          seed: { prompt: seedPrompt, testMetrics: outcome.seedTestMetrics },
          best: { prompt: outcome.bestPrompt, devScore: outcome.devScore, testMetrics: outcome.testMetrics },
          testComparison: comparison,
          verdict,
          accepted: outcome.lineage.length - 1,
          spend: outcome.spend,
          report: reportPath,
          store: storePath,
        };
        context.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        return;
      }
      say("");
      say(`Seed prompt:      ${seedPrompt}`);
      say(`Optimised prompt: ${outcome.bestPrompt}`);
      say(`Accepted changes: ${outcome.lineage.length - 1} (stopped: ${outcome.stopReason})`);
      say(`Test accuracy on the same ${comparison?.examples ?? 0} held-out examples:`);
      say(`  seed       ${percent(seedAccuracy)}`);
      say(`  optimised  ${percent(bestAccuracy)}`);
      for (const line of verdict) say(line);
      say(`Report: ${reportPath}`);
      say(`Run ${outcome.runId} in ${storePath} (see \`dlmpo runs show ${outcome.runId}\`).`);
      say("The built-in model is a small offline stand-in; real runs use real models (see README).");
    } finally {
      await prepared.close();
    }
  } finally {
    store.close();
  }
}

/** Registers `dlmpo demo`. */
export function registerDemoCommand(program: Command, context: CliContext): void {
  program
    .command("demo")
    .description("Run the whole method offline on the built-in model: optimise a sentiment prompt, score it, report.")
    .option("--rounds <n>", "optimisation rounds (default 6)", parseNumberFlag)
    .option("--candidates <n>", "candidates per round (default 8)", parseNumberFlag)
    .option("--seed <n>", "seed of every random choice (default 0)", parseNumberFlag)
    .option("--prompt <file>", "seed prompt (default data/demo/seed-prompt.txt, a first draft)")
    .option("--method <name>", "dlm (default) or a baseline with the same budget, e.g. random-edit")
    .option("--data <name>", "demo (default: the shipped set, labels like / dislike) or sst2 (needs the data folder)")
    .option("--data-dir <dir>", "benchmark data folder for --data sst2 (default ../shared/data)")
    .option("--no-conditioning", "ablation: the DLM sees no traces (empty conditioning)")
    .option("--store <file>", "SQLite store (default .dlmpo/dlmpo.sqlite)")
    .option("--out <file>", "HTML report path (default .dlmpo/demo-<run>.html)")
    .option("--json", "print the result as JSON")
    .action(async (_options: unknown, command: Command) => {
      await runDemo(command.opts<DemoFlags>(), context);
    });
}
