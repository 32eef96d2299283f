import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import { optimize } from "../../optimizer/optimize.js";
import { defaultDiffusion } from "../../optimizer/optimizer-settings.js";
import { renderStepsChart } from "../../report/render-steps-chart.js";
import type { CliContext } from "../cli-context.js";
import { defaultStorePath } from "../config/default-paths.js";
import { openLazyStore } from "../open-lazy-store.js";
import { addOptimizeOptions, readOptimizeOptions } from "./optimize.js";
import { prepareOptimizeRun } from "./optimize-setup.js";

/** One row of the step sweep: the final figures of the run made with `steps` reverse diffusion steps. */
export interface StepSweepRow {
  readonly steps: number;
  readonly runId: string;
  readonly status: string;
  readonly devScore: number;
  /** First test metric (accuracy for classification); undefined when the test was not scored. */
  readonly testScore: number | undefined;
  readonly dlmCalls: number;
  readonly targetCalls: number;
  readonly costUsd: number;
  readonly wallMs: number;
}

/** `8,16,32` → [8, 16, 32]; each a whole number ≥ 1, no repeats. */
export function parseStepList(text: string): number[] {
  const steps = text.split(",").map((part) => part.trim());
  if (steps.some((part) => !/^\d+$/.test(part) || Number(part) < 1))
    throw new InvalidInputError({
      message: `expected step counts like 8,16,32,64,128, got "${text}"`,
      location: { field: "steps" },
    });
  return [...new Set(steps.map(Number))];
}

/** The sweep as an aligned text table. */
export function renderStepSweep(rows: readonly StepSweepRow[]): string {
  const header = ["steps", "dev", "test", "dlm calls", "target calls", "cost USD", "wall s", "run"];
  const body = rows.map((row) => [
    String(row.steps),
    row.devScore.toFixed(3),
    row.testScore === undefined ? "-" : row.testScore.toFixed(3),
    String(row.dlmCalls),
    String(row.targetCalls),
    row.costUsd.toFixed(4),
    (row.wallMs / 1000).toFixed(1),
    row.runId,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return `${[line(header), widths.map((width) => "─".repeat(width)).join("  "), ...body.map(line)].join("\n")}\n`;
}

/** The sweep as a standalone HTML page: score and cost against steps (`renderStepsChart`). */
export function renderStepSweepPage(rows: readonly StepSweepRow[]): string {
  const chart = renderStepsChart({ points: rows });
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>dlmpo bench steps</title></head>\n<body>${chart}</body></html>\n`;
}

async function runStepSweep(command: Command, context: CliContext): Promise<void> {
  const stepsFlag = command.opts().steps;
  if (typeof stepsFlag !== "string")
    throw new InvalidInputError({
      message: "missing option --steps, e.g. --steps 8,16,32,64,128",
      location: { field: "steps" },
    });
  const stepList = parseStepList(stepsFlag);
  const outFlag = command.opts().out;
  const chartPath = resolve(context.cwd, typeof outFlag === "string" ? outFlag : "bench-steps.html");
  const options = await readOptimizeOptions({ command, context, omit: ["steps", "out"] });
  const storePath = options.store ?? defaultStorePath({ cwd: context.cwd });
  const store = openLazyStore({ path: storePath });
  try {
    const prepared = await prepareOptimizeRun({ command: options, context, store });
    const rows: StepSweepRow[] = [];
    try {
      for (const steps of stepList) {
        const outcome = await optimize({
          ...prepared.parts,
          ...prepared.settings,
          diffusion: { ...(prepared.settings.diffusion ?? defaultDiffusion), steps },
          invocation: { ...prepared.invocation, steps },
        });
        if (outcome.kind !== "run") continue;
        const row: StepSweepRow = {
          steps,
          runId: outcome.runId,
          status: outcome.status,
          devScore: outcome.devScore,
          testScore: outcome.testMetrics?.[0]?.value,
          dlmCalls: outcome.spend.dlmCalls,
          targetCalls: outcome.spend.targetCalls,
          costUsd: outcome.spend.costUsd,
          wallMs: outcome.spend.wallMs,
        };
        rows.push(row);
        context.stderr.write(`steps ${steps}: dev ${row.devScore.toFixed(3)} (run ${row.runId})\n`);
        if (outcome.status === "stopped") break;
      }
    } finally {
      await prepared.close();
    }
    await writeFile(chartPath, renderStepSweepPage(rows));
    if (options.json)
      context.stdout.write(`${JSON.stringify({ store: storePath, chart: chartPath, rows }, null, 2)}\n`);
    else context.stdout.write(`${renderStepSweep(rows)}\nChart: ${chartPath}\n`);
  } finally {
    store.close();
  }
}

/** Registers `dlmpo bench steps`: one optimisation run per diffusion step count, tabulated. */
export function registerBenchStepsCommand(bench: Command, context: CliContext): void {
  addOptimizeOptions(
    bench
      .command("steps")
      .description(
        "Repeat an optimisation run per diffusion step count; tabulate dev/test scores and cost against steps.",
      )
      .option("--steps <list>", "comma-separated step counts, e.g. 8,16,32,64,128")
      .option("--out <file>", "HTML file of the score and cost chart (default bench-steps.html)"),
    { withSteps: false },
  ).action(async (_options: unknown, command: Command) => {
    await runStepSweep(command, context);
  });
}
