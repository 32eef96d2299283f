import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { InvalidInputError } from "../../../errors/invalid-input-error.js";
import type { ComparisonReport } from "../../../report/comparison-report.js";
import { methodTableCells, pairTableCells } from "../../../report/comparison-table-cells.js";
import { renderComparisonHtml } from "../../../report/render-comparison-html.js";
import { renderComparisonMarkdown } from "../../../report/render-comparison-markdown.js";
import { type ComparisonSummary, summarizeComparison } from "../../../report/summarize-comparison.js";
import type { RunStore } from "../../../spec/store.js";
import type { CliContext } from "../../cli-context.js";
import { defaultStorePath } from "../../config/default-paths.js";
import type { OptimizeCommandOptions } from "../../config/optimize-options.js";
import { openLazyStore } from "../../open-lazy-store.js";
import { renderColumns } from "../../render/render-columns.js";
import { type RunOutcome, runPlannedRuns } from "../bench-runs/run-planned-runs.js";
import { parseNumberFlag } from "../collect-flags.js";
import { numberFlag } from "../infill-flags.js";
import { readOptimizeOptions } from "../optimize.js";
import { addOptimizeOptions } from "../optimize-flags.js";
import { typedCommandLine } from "../typed-command-line.js";
import { comparisonNotes, comparisonSettings } from "./comparison-notes.js";
import { type ComparisonPlan, type ComparisonRun, planComparison, splitList } from "./plan-comparison.js";
import { readComparisonMember } from "./read-comparison-member.js";

/** Flags of `bench compare` itself (the rest are `optimize`'s). */
const ownFlags = ["methods", "seeds", "parallel", "markdown", "out"];

async function runBenchCompare(
  command: Command,
  context: CliContext,
  setExitCode: (code: number) => void,
): Promise<void> {
  const flags = command.opts();
  const typedTasks =
    command.getOptionValueSource("task") === "cli" && Array.isArray(flags.task) ? splitList(flags.task) : undefined;
  const base = await readOptimizeOptions({
    command,
    context,
    omit: ownFlags,
    override: typedTasks === undefined ? {} : { task: typedTasks[0] },
  });
  const tasks = typedTasks ?? (base.task === undefined ? [] : [base.task]);
  if (tasks.length === 0)
    throw new InvalidInputError({
      message: "is required: one or more tasks, e.g. --task sst2 or --task sst2,mrpc.",
      location: { field: "--task" },
    });
  const methods = splitList(typeof flags.methods === "string" ? flags.methods : "dlm,random-edit");
  const seedCount = numberFlag({ value: flags.seeds ?? 3, flag: "--seeds", min: 1, max: 1000, isInteger: true });
  const parallel = numberFlag({ value: flags.parallel ?? 2, flag: "--parallel", min: 1, max: 64, isInteger: true });
  const plan = planComparison({ base, tasks, methods, seedCount });
  // Checks the diffusion options (exit 2) before any run starts.
  const settings = comparisonSettings(base);
  const storePath = base.store ?? defaultStorePath({ cwd: context.cwd });
  const store = openLazyStore({ path: storePath });
  try {
    context.stderr.write(
      `Comparison ${plan.id}: ${plan.runs.length} runs (${tasks.length} task(s) × ${plan.methods.length} methods × ${plan.seeds.length} seeds).\n`,
    );
    const outcomes = await runPlannedRuns({
      runs: plan.runs,
      context,
      store,
      parallel,
      concurrency: base.concurrency,
      onOutcome: (outcome, done, total) =>
        context.stderr.write(
          `[${done}/${total}] ${outcome.run.task} ${outcome.run.method} seed ${outcome.run.seed}: ${outcome.state}${outcome.error === undefined ? "" : ` — ${outcome.error}`}\n`,
        ),
    });
    const members = plan.runs.flatMap((run) => {
      const reference = plan.runs.find(
        (other) => other.method === "none" && other.task === run.task && other.seed === run.seed,
      );
      return readComparisonMember({ store, run, reference }) ?? [];
    });
    const summary = summarizeComparison({ members, tasks, methods: plan.methods });
    const report: ComparisonReport = {
      id: plan.id,
      tasks,
      methods: plan.methods,
      seeds: plan.seeds,
      settings,
      command: typedCommandLine({ command, words: ["dlmpo", "bench", "compare"] }),
      members,
      summary,
      notes: comparisonNotes({
        plan,
        outcomes,
        parallel,
        isCached: base.cache === "use",
        usedReference: members.some((m) => m.storedGain === undefined && m.method !== "none"),
      }),
    };
    const isComplete = outcomes.every((outcome) => outcome.state !== "failed" && outcome.state !== "skipped");
    recordComparison({ store, plan, base, summary, context, isComplete });
    await writeOutputs({ report, flags, context, storePath, outcomes });
    if (!isComplete) setExitCode(1);
  } finally {
    store.close();
  }
}

/** Stores (or updates) the comparison itself as a `bench` run whose id its runs' ids start with. */
function recordComparison(options: {
  readonly store: RunStore;
  readonly plan: ComparisonPlan;
  readonly base: OptimizeCommandOptions;
  readonly summary: ComparisonSummary;
  readonly context: CliContext;
  readonly isComplete: boolean;
}): void {
  const { store, plan, context } = options;
  const { apiKeys: _secret, ...recorded } = options.base;
  const atMs = context.runtime.clock.now();
  const status = options.isComplete ? "completed" : context.abortSignal.aborted ? "stopped" : "failed";
  if (store.getRun(plan.id) === undefined)
    store.createRun({
      id: plan.id,
      kind: "bench",
      status: "running",
      createdAtMs: atMs,
      seed: options.base.seed,
      config: { bench: "compare", tasks: plan.tasks, methods: plan.methods, seeds: plan.seeds, options: recorded },
    });
  store.updateRun(plan.id, { status, summary: options.summary, atMs });
}

async function writeOutputs(options: {
  readonly report: ComparisonReport;
  readonly flags: Readonly<Record<string, unknown>>;
  readonly context: CliContext;
  readonly storePath: string;
  readonly outcomes: readonly RunOutcome<ComparisonRun>[];
}): Promise<void> {
  const { report, flags, context } = options;
  const written: string[] = [];
  if (typeof flags.markdown === "string") {
    const path = resolve(context.cwd, flags.markdown);
    await writeFile(path, renderComparisonMarkdown(report));
    written.push(`Markdown: ${path}`);
  }
  if (typeof flags.out === "string") {
    const path = resolve(context.cwd, flags.out);
    await writeFile(path, renderComparisonHtml(report));
    written.push(`HTML: ${path}`);
  }
  if (flags.json === true) {
    // A run's options hold the API keys of a config file: only what names the run is printed.
    const runs = options.outcomes.map(({ run, state, error }) => ({
      task: run.task,
      method: run.method,
      seed: run.seed,
      runId: run.runId,
      state,
      error,
    }));
    const { members: _members, summary, ...rest } = report;
    context.stdout.write(`${JSON.stringify({ ...rest, store: options.storePath, runs, ...summary }, null, 2)}\n`);
    return;
  }
  const sections = report.tasks.map((task) => {
    const pairs = pairTableCells({ summary: report.summary, task });
    return `${task}\n\n${renderColumns(methodTableCells({ summary: report.summary, task }))}${pairs.rows.length === 0 ? "" : `\n${renderColumns(pairs)}`}`;
  });
  context.stdout.write(
    `${report.command ?? ""}\n\n${sections.join("\n")}\n${report.notes.map((note) => `note: ${note}`).join("\n")}\n${written.map((line) => `${line}\n`).join("")}`,
  );
}

/** Registers `dlmpo bench compare`: methods × seeds × tasks at the same budget, resumable, tabulated and charted. */
export function registerBenchCompareCommand(
  bench: Command,
  context: CliContext,
  setExitCode: (code: number) => void,
): void {
  addOptimizeOptions(
    bench
      .command("compare")
      .description(
        "Run every method × seed (× task) at the same budget, resumably, and compare test scores, gains over the seed prompt, pairwise wins and cost.",
      )
      .option(
        "--methods <list>",
        "comma-separated methods: dlm, random-edit, ar-infill, ape, opro, gepa (none is always added)",
      )
      .option("--seeds <n>", "seeds per method, from --seed on (default 3)", parseNumberFlag)
      .option("--parallel <n>", "runs in flight at once, sharing one limiter per model (default 2)", parseNumberFlag)
      .option("--markdown <file>", "write the comparison as Markdown")
      .option("--out <file>", "write the comparison as an HTML page with charts"),
    { withSteps: true, withTaskList: true },
  ).action(async (_options: unknown, command: Command) => {
    await runBenchCompare(command, context, setExitCode);
  });
}
