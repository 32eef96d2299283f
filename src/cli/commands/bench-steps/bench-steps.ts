import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { InvalidInputError } from "../../../errors/invalid-input-error.js";
import { renderStepSweepPage } from "../../../report/render-step-sweep-page.js";
import { stepSweepTableCells } from "../../../report/step-sweep-table-cells.js";
import { type StepRun, summarizeStepSweep } from "../../../report/summarize-step-sweep.js";
import type { CliContext } from "../../cli-context.js";
import { defaultStorePath } from "../../config/default-paths.js";
import { openLazyStore } from "../../open-lazy-store.js";
import { renderColumns } from "../../render/render-columns.js";
import { runPlannedRuns } from "../bench-runs/run-planned-runs.js";
import { parseNumberFlag } from "../collect-flags.js";
import { numberFlag } from "../infill-flags.js";
import { readOptimizeOptions } from "../optimize.js";
import { addOptimizeOptions } from "../optimize-flags.js";
import { typedCommandLine } from "../typed-command-line.js";
import { parseStepList, planStepSweep, withSlotsForSteps } from "./plan-step-sweep.js";
import { readStepRun } from "./read-step-run.js";

async function runStepSweep(command: Command, context: CliContext, setExitCode: (code: number) => void): Promise<void> {
  const flags = command.opts();
  if (typeof flags.steps !== "string")
    throw new InvalidInputError({
      message: "missing option --steps, e.g. --steps 8,16,32,64",
      location: { field: "steps" },
    });
  const stepList = parseStepList(flags.steps);
  const seedCount = numberFlag({ value: flags.seeds ?? 3, flag: "--seeds", min: 1, max: 100, isInteger: true });
  const chartPath = resolve(context.cwd, typeof flags.out === "string" ? flags.out : "bench-steps.html");
  const read = await readOptimizeOptions({ command, context, omit: ["steps", "out", "seeds"] });
  const options = withSlotsForSteps(read, Math.max(...stepList));
  if (options !== read)
    context.stderr.write(
      `Spans get at least ${options.minSlots} mask slots so that up to ${options.minSlots} steps count (set --min-slots or --slots to change).\n`,
    );
  const plan = planStepSweep({ base: options, steps: stepList, seedCount });
  const storePath = options.store ?? defaultStorePath({ cwd: context.cwd });
  const store = openLazyStore({ path: storePath });
  try {
    context.stderr.write(
      `Step sweep ${plan.id}: ${plan.runs.length} runs (${stepList.length} step count(s) × ${seedCount} seed(s)).\n`,
    );
    const finishedRuns = new Map<string, StepRun>();
    const outcomes = await runPlannedRuns({
      runs: plan.runs,
      context,
      store,
      parallel: 1,
      concurrency: options.concurrency,
      onOutcome: (outcome, done, total) => {
        const run = readStepRun({ store, ...outcome.run });
        if (run !== undefined) finishedRuns.set(run.runId, run);
        context.stderr.write(
          `[${done}/${total}] steps ${outcome.run.steps} seed ${outcome.run.seed}: ${outcome.state}${run === undefined ? "" : `, dev ${run.devScore.toFixed(3)}`}${outcome.error === undefined ? "" : ` — ${outcome.error}`} (run ${outcome.run.runId})\n`,
        );
      },
    });
    const runs = outcomes.flatMap((outcome) => finishedRuns.get(outcome.run.runId) ?? []);
    const summary = summarizeStepSweep(runs);
    await writeFile(
      chartPath,
      renderStepSweepPage({
        summary,
        command: typedCommandLine({ command, words: ["dlmpo", "bench", "steps"] }),
        settings: [
          `target ${options.target}; DLM ${options.dlm ?? "builtin"}; method ${options.method}; ${seedCount} seed(s) from ${options.seed}; sweep ${plan.id}`,
        ],
      }),
    );
    const states = new Map(outcomes.map((outcome) => [outcome.run.runId, outcome.state]));
    const unfinished = outcomes.filter((outcome) => outcome.state === "failed" || outcome.state === "skipped");
    for (const warning of summary.warnings) context.stderr.write(`warning: ${warning}\n`);
    if (unfinished.length > 0) {
      context.stderr.write(
        `warning: ${unfinished.length} of ${outcomes.length} runs did not finish and are left out of the table; run the same command again to continue them (finished runs are not run again).\n`,
      );
      setExitCode(1);
    }
    if (options.cache === "use")
      context.stderr.write(
        "note: DLM calls count every call a run asked for, cached or not; tokens and USD only what the models were asked: answers from the call cache cost nothing (--no-cache to compare spend).\n",
      );
    if (options.json)
      context.stdout.write(
        `${JSON.stringify({ id: plan.id, store: storePath, chart: chartPath, ...summary, runs: runs.map((run) => ({ ...run, state: states.get(run.runId) })) }, null, 2)}\n`,
      );
    else context.stdout.write(`${renderColumns(stepSweepTableCells(summary))}\nChart: ${chartPath}\n`);
  } finally {
    store.close();
  }
}

/** Registers `dlmpo bench steps`: optimisation runs per diffusion step count and seed, summarised over seeds. */
export function registerBenchStepsCommand(
  bench: Command,
  context: CliContext,
  setExitCode: (code: number) => void,
): void {
  addOptimizeOptions(
    bench
      .command("steps")
      .description(
        "Diffusion-step ablation: one optimisation run per step count and seed, resumably; score and cost per step count with 95% intervals over seeds.",
      )
      .option("--steps <list>", "comma-separated step counts, e.g. 8,16,32,64")
      .option("--seeds <n>", "seeds per step count, from --seed on (default 3)", parseNumberFlag)
      .option("--out <file>", "HTML page with the table and the score and cost charts (default bench-steps.html)"),
    { withSteps: false },
  ).action(async (_options: unknown, command: Command) => {
    await runStepSweep(command, context, setExitCode);
  });
}
