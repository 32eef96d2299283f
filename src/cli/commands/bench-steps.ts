import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import { optimize } from "../../optimizer/optimize.js";
import { defaultSlotRange } from "../../prompt/estimate-slots.js";
import { renderStepSweepPage } from "../../report/render-step-sweep-page.js";
import { stepSweepTableCells } from "../../report/step-sweep-table-cells.js";
import { type StepRun, summarizeStepSweep } from "../../report/summarize-step-sweep.js";
import type { RunStore } from "../../spec/store.js";
import type { CliContext } from "../cli-context.js";
import { defaultStorePath } from "../config/default-paths.js";
import type { OptimizeCommandOptions } from "../config/optimize-options.js";
import { openLazyStore } from "../open-lazy-store.js";
import { renderColumns } from "../render/render-columns.js";
import { parseNumberFlag } from "./collect-flags.js";
import { numberFlag } from "./infill-flags.js";
import { readOptimizeOptions } from "./optimize.js";
import { addOptimizeOptions } from "./optimize-flags.js";
import { prepareOptimizeRun } from "./optimize-setup.js";
import { typedCommandLine } from "./typed-command-line.js";

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

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** The candidates a stored run proposed, in order, with the forward passes each took (when the proposer said). */
function proposedCandidates(store: RunStore, runId: string): { hash: string; forwardPasses?: number }[] {
  return store.listEvents(runId).flatMap((event) => {
    if (event.type !== "candidate-proposed" || !isRecord(event.data)) return [];
    const { candidateHash, cost } = event.data;
    const passes = isRecord(cost) && typeof cost.forwardPasses === "number" ? cost.forwardPasses : undefined;
    return typeof candidateHash === "string"
      ? [{ hash: candidateHash, ...(passes === undefined ? {} : { forwardPasses: passes }) }]
      : [];
  });
}

/** Whether `--dlm` names a native DLM (the sampler runs here and its steps are ours to count). */
const isNativeDlm = (options: OptimizeCommandOptions): boolean =>
  options.method === "dlm" && /^(builtin|onnx:|remote:)/.test(options.dlm ?? "builtin");

/**
 * The sweep's options: unless `--slots` or `--min-slots` was given, a native DLM's spans get at least as many mask
 * slots as the largest step count (within `--max-slots`, default 64), since the sampler commits at least one slot per
 * step and more steps than slots change nothing.
 */
function withSlotsForSteps(options: OptimizeCommandOptions, largest: number): OptimizeCommandOptions {
  if (options.slots !== undefined || options.minSlots !== undefined || !isNativeDlm(options)) return options;
  return { ...options, minSlots: Math.min(largest, options.maxSlots ?? defaultSlotRange.max) };
}

async function runStepSweep(command: Command, context: CliContext): Promise<void> {
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
  const storePath = options.store ?? defaultStorePath({ cwd: context.cwd });
  const store = openLazyStore({ path: storePath });
  try {
    const runs: StepRun[] = [];
    sweep: for (let index = 0; index < seedCount; index += 1) {
      const seed = options.seed + index;
      for (const steps of stepList) {
        const prepared = await prepareOptimizeRun({ command: { ...options, seed, steps }, context, store });
        try {
          const outcome = await optimize({
            ...prepared.parts,
            ...prepared.settings,
            invocation: { ...prepared.invocation, steps },
          });
          if (outcome.kind !== "run") continue;
          const candidates = proposedCandidates(store, outcome.runId);
          const passes = candidates.flatMap((candidate) => candidate.forwardPasses ?? []);
          const isMeasured = passes.length === candidates.length && passes.length > 0;
          const testScores = store.listResults(outcome.runId, { candidateHash: outcome.bestHash, split: "test" });
          runs.push({
            steps,
            seed,
            runId: outcome.runId,
            devScore: outcome.devScore,
            ...(testScores.length === 0
              ? {}
              : { testScore: testScores.reduce((sum, result) => sum + result.score, 0) / testScores.length }),
            dlmCalls: outcome.spend.dlmCalls,
            tokens: outcome.spend.inputTokens + outcome.spend.outputTokens,
            costUsd: outcome.spend.costUsd,
            wallMs: outcome.spend.wallMs,
            ...(isMeasured
              ? { forwardPasses: passes.reduce((sum, value) => sum + value, 0), stepsRun: Math.max(...passes) }
              : {}),
            candidateHashes: candidates.map((candidate) => candidate.hash),
          });
          context.stderr.write(
            `steps ${steps} seed ${seed}: dev ${outcome.devScore.toFixed(3)} (run ${outcome.runId})\n`,
          );
          if (outcome.status === "stopped") break sweep;
        } finally {
          await prepared.close();
        }
      }
    }
    const summary = summarizeStepSweep(runs);
    await writeFile(
      chartPath,
      renderStepSweepPage({
        summary,
        command: typedCommandLine({ command, words: ["dlmpo", "bench", "steps"] }),
        settings: [
          `target ${options.target}; DLM ${options.dlm ?? "builtin"}; method ${options.method}; ${seedCount} seed(s) from ${options.seed}`,
        ],
      }),
    );
    for (const warning of summary.warnings) context.stderr.write(`warning: ${warning}\n`);
    if (options.cache === "use")
      context.stderr.write(
        "note: calls, tokens and USD count the calls each run made; answers from the call cache cost nothing (--no-cache to compare spend).\n",
      );
    if (options.json)
      context.stdout.write(`${JSON.stringify({ store: storePath, chart: chartPath, ...summary, runs }, null, 2)}\n`);
    else context.stdout.write(`${renderColumns(stepSweepTableCells(summary))}\nChart: ${chartPath}\n`);
  } finally {
    store.close();
  }
}

/** Registers `dlmpo bench steps`: optimisation runs per diffusion step count and seed, summarised over seeds. */
export function registerBenchStepsCommand(bench: Command, context: CliContext): void {
  addOptimizeOptions(
    bench
      .command("steps")
      .description(
        "Diffusion-step ablation: one optimisation run per step count and seed; score and cost per step count with 95% intervals over seeds.",
      )
      .option("--steps <list>", "comma-separated step counts, e.g. 8,16,32,64")
      .option("--seeds <n>", "seeds per step count, from --seed on (default 3)", parseNumberFlag)
      .option("--out <file>", "HTML page with the table and the score and cost charts (default bench-steps.html)"),
    { withSteps: false },
  ).action(async (_options: unknown, command: Command) => {
    await runStepSweep(command, context);
  });
}
