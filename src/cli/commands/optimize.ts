import type { Command } from "commander";
import type { UsageMeter } from "../../models/usage-meter.js";
import { type OptimizeOutcome, optimize } from "../../optimizer/optimize.js";
import type { CliContext } from "../cli-context.js";
import { defaultStorePath } from "../config/default-paths.js";
import { loadConfigFile } from "../config/load-config-file.js";
import { type OptimizeCommandOptions, optimizeOptionsSchema } from "../config/optimize-options.js";
import { resolveCommandOptions } from "../config/resolve-command-options.js";
import { openLazyStore } from "../open-lazy-store.js";
import { collectFlags } from "./collect-flags.js";
import { createOptimizeProgress } from "./optimize-progress.js";
import { type PreparedOptimizeRun, prepareOptimizeRun } from "./optimize-setup.js";
import { renderOptimizeResult, renderRunPlan } from "./render-optimize-result.js";
import { planTracesJudge } from "./traces/plan-traces-judge.js";

/** Reads the `optimize` options from the config file and the flags the user typed (less the `omit` ones). */
export async function readOptimizeOptions(options: {
  readonly command: Command;
  readonly context: CliContext;
  readonly omit?: readonly string[] | undefined;
  /** Values that replace typed flags (e.g. one task of a list, to validate the rest against). */
  readonly override?: Readonly<Record<string, unknown>> | undefined;
}): Promise<OptimizeCommandOptions> {
  const { command, context } = options;
  const { config: configFile, ...typed } = collectFlags(command);
  const flags = {
    ...Object.fromEntries(Object.entries(typed).filter(([name]) => !(options.omit ?? []).includes(name))),
    ...options.override,
  };
  const config =
    typeof configFile === "string" ? await loadConfigFile({ file: configFile, cwd: context.cwd }) : undefined;
  return resolveCommandOptions({
    section: "optimize",
    schema: optimizeOptionsSchema,
    config,
    flags,
    pathOptions: ["dataDir", "store", "prompt", "traces", "feedback", "rubric"],
    cwd: context.cwd,
  });
}

/**
 * Runs a prepared optimisation with the progress view on stderr (redrawn on a terminal, a line per round otherwise).
 * `quietUnlessTTY` drops the plain progress lines when stderr is not a terminal (machine-readable runs).
 */
export async function optimizeWithProgress(options: {
  readonly prepared: PreparedOptimizeRun;
  readonly context: CliContext;
  readonly quietUnlessTTY?: boolean | undefined;
  readonly dryRun?: boolean | undefined;
  readonly costPerTargetCallUsd?: number | undefined;
  readonly costPerDlmCallUsd?: number | undefined;
}): Promise<OptimizeOutcome> {
  const { prepared, context } = options;
  const isTTY = "isTTY" in context.stderr && context.stderr.isTTY === true;
  const progress = createOptimizeProgress({
    write: (text) => context.stderr.write(text),
    isTTY,
    rounds: prepared.settings.rounds ?? 8,
    budgets: prepared.settings.budgets ?? {},
  });
  const outcome = await optimize({
    ...prepared.parts,
    ...prepared.settings,
    invocation: prepared.invocation,
    dryRun: options.dryRun,
    costPerTargetCallUsd: options.costPerTargetCallUsd,
    costPerDlmCallUsd: options.costPerDlmCallUsd,
    onEvent: isTTY || options.quietUnlessTTY !== true ? (event) => progress.onEvent(event) : undefined,
  });
  progress.finish();
  return outcome;
}

/** `dlmpo optimize`: reads its options, runs (or plans, with `--dry-run`) and prints the result. */
export async function runOptimizeCommand(commandLine: Command, context: CliContext): Promise<void> {
  await runOptimize(await readOptimizeOptions({ command: commandLine, context }), context);
}

async function runOptimize(command: OptimizeCommandOptions, context: CliContext): Promise<void> {
  const storePath = command.store ?? defaultStorePath({ cwd: context.cwd });
  const store = openLazyStore({ path: storePath });
  try {
    const prepared = await prepareOptimizeRun({ command, context, store });
    // A replayed conversation is priced by its own length, a classification call by a short prompt's.
    const targetTokens = prepared.judgePlan?.targetCallTokens ?? targetCallTokens;
    const costPerTargetCallUsd = estimateCallCostUsd({
      meter: prepared.meter,
      modelId: prepared.targetModelId,
      ...targetTokens,
    });
    try {
      const outcome = await optimizeWithProgress({
        prepared,
        context,
        quietUnlessTTY: command.json,
        dryRun: command.dryRun,
        costPerTargetCallUsd,
        // A local DLM (built-in, ONNX, logits server) costs nothing per request; an unpriced remote one is unknown.
        costPerDlmCallUsd:
          prepared.dlmModelId === undefined
            ? 0
            : estimateCallCostUsd({ meter: prepared.dlmMeter, modelId: prepared.dlmModelId, ...dlmRequestTokens }),
      });
      if (outcome.kind === "plan") {
        const isDlmPriced =
          prepared.dlmModelId === undefined || prepared.dlmMeter.priceOf(prepared.dlmModelId) !== undefined;
        const judgeModelId = prepared.judgePlan?.judgeModelId;
        const plan =
          prepared.judgePlan === undefined
            ? outcome.plan
            : planTracesJudge({
                plan: outcome.plan,
                settings: outcome.settings,
                judgePlan: prepared.judgePlan,
                costPerTargetCallUsd,
                costPerJudgeCallUsd:
                  judgeModelId === undefined
                    ? undefined
                    : estimateCallCostUsd({
                        meter: prepared.judgeMeter,
                        modelId: judgeModelId,
                        ...judgeTokensFor(targetTokens),
                      }),
              });
        const isJudgePriced = judgeModelId === undefined || prepared.judgeMeter.priceOf(judgeModelId) !== undefined;
        context.stdout.write(
          command.json
            ? `${JSON.stringify({ ...outcome, plan }, null, 2)}\n`
            : renderRunPlan(plan, {
                dlmModelId: prepared.dlmModelId,
                isDlmPriced,
                judgeModelId,
                isJudgePriced,
                targetCallTokens: targetTokens,
                judgeInputTokens: judgeTokensFor(targetTokens).inputTokens,
              }),
        );
        return;
      }
      const { kind: _kind, ...result } = outcome;
      // The judge check the run stored (`judge-checked`), as `dlmpo report --json` prints it: one shape everywhere.
      const judge = prepared.parts.judgeCheck;
      context.stdout.write(
        command.json
          ? `${JSON.stringify({ ...result, ...(judge === undefined ? {} : { judge }), store: storePath }, null, 2)}\n`
          : renderOptimizeResult(result, { store: storePath }),
      );
    } finally {
      await prepared.close();
    }
  } finally {
    store.close();
  }
}

/** Tokens of one classification call: a short prompt and example in, a word out. */
const targetCallTokens = { inputTokens: 250, outputTokens: 8 };
/**
 * Tokens of one judge call: its instructions and rubric (~300), the conversation and up to two replies in, a verdict
 * and a reason out; at least 600 in.
 */
function judgeTokensFor(target: { readonly inputTokens: number; readonly outputTokens: number }) {
  return { inputTokens: Math.max(600, 300 + target.inputTokens + 2 * target.outputTokens), outputTokens: 40 };
}
/** Tokens of one DLM request: the traces' conditioning and the masked prompt in, the fills (or a rewrite) out. */
const dlmRequestTokens = { inputTokens: 2000, outputTokens: 200 };

/** Rough US dollars of one call of `modelId` with the given tokens, when its price is known. */
function estimateCallCostUsd(options: {
  readonly meter: UsageMeter;
  readonly modelId: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
}): number | undefined {
  const price = options.meter.priceOf(options.modelId);
  if (price === undefined) return undefined;
  return (
    (options.inputTokens * price.inputPerMillionUsd + options.outputTokens * price.outputPerMillionUsd) / 1_000_000
  );
}
