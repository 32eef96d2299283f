import type { Command } from "commander";
import type { UsageMeter } from "../../models/usage-meter.js";
import { type OptimizeOutcome, optimize } from "../../optimizer/optimize.js";
import type { CliContext } from "../cli-context.js";
import { defaultStorePath } from "../config/default-paths.js";
import { loadConfigFile } from "../config/load-config-file.js";
import { type OptimizeCommandOptions, optimizeOptionsSchema } from "../config/optimize-options.js";
import { resolveCommandOptions } from "../config/resolve-command-options.js";
import { openLazyStore } from "../open-lazy-store.js";
import { addDataAndCacheOptions } from "./add-data-and-cache-options.js";
import { addDiffusionOptions } from "./add-diffusion-options.js";
import { addModelCallOptions } from "./add-model-call-options.js";
import { collectFlags, parseNumberFlag } from "./collect-flags.js";
import { createOptimizeProgress } from "./optimize-progress.js";
import { type PreparedOptimizeRun, prepareOptimizeRun } from "./optimize-setup.js";
import { renderOptimizeResult, renderRunPlan } from "./render-optimize-result.js";

/** Options shared by `dlmpo optimize` and `dlmpo bench` (whose `steps` gives `--steps` a list of its own). */
export function addOptimizeOptions(
  command: Command,
  options: { readonly withSteps: boolean; readonly withTaskList?: boolean | undefined },
): Command {
  addDiffusionOptions(command, options);
  const taskHelp = "sst2, sst5, mrpc, snli, tau-retail, tau-airline, or a JSONL file with a label field";
  if (options.withTaskList === true)
    command.option(
      "--task <names>",
      `${taskHelp}; repeat it or separate with commas for several tasks`,
      (value: string, previous: readonly string[] | undefined) => [...(previous ?? []), value],
    );
  else command.option("--task <name>", taskHelp);
  command
    .option("--target <model>", "openai:<model>, anthropic:<model>, openai-compatible:<baseURL>#<model> or builtin")
    .option("--user <model>", "simulated user of a tau-bench task (default openai:gpt-4o)")
    .option(
      "--user-temperature <t>",
      "simulated user's temperature (default: the provider's, 1.0 for OpenAI, as the original)",
      parseNumberFlag,
    )
    .option(
      "--dlm <spec>",
      "builtin, onnx:<dir>, remote:<url>, chat:<provider:model>, mercury:<model>, sglang:<url>#<model>, nemo:<url>#<model> or fim:<url>#<model>",
    )
    .option("--method <name>", "dlm (default), none, ar-infill, ape, opro, gepa, random-edit")
    .option("--gap-style <style>", "how a chat DLM sees gaps: numbered (default), xml, mask-token")
    .option("--mask-token <text>", "the chat DLM's mask token for --gap-style mask-token (default <|mdm_mask|>)")
    .option("--prompt <file>", "file holding the seed system prompt (default: the task's)")
    .option("--rounds <n>", "rounds at most (default 8)", parseNumberFlag)
    .option("--candidates <n>", "candidates per round (default 4)", parseNumberFlag)
    .option("--strategies <list>", "span strategies with weights, e.g. sentence=2,insert=1,attributed=1")
    .option("--train-minibatch <n>", "training examples rolled out per round (default 16)", parseNumberFlag)
    .option("--dev-size <n>", "dev examples that choose the prompt (default 64)", parseNumberFlag)
    .option("--test-size <n>", "test examples scored once at the end (default 200)", parseNumberFlag)
    .option("--patience <n>", "stop after N rounds without improvement (default 3)", parseNumberFlag)
    .option("--target-score <x>", "stop once the best dev score reaches x", parseNumberFlag)
    .option("--accept-alpha <x>", "error rate of accepting a non-improvement, per run (default 0.05)", parseNumberFlag)
    .option("--accept-error-control <family>", "run (default: alpha over the whole run) or round")
    .option("--accept-share <x>", "share of dev held out to accept; the rest selects (default 0.5)", parseNumberFlag)
    .option("--accept-candidates <n>", "selection survivors tested per round (default 1)", parseNumberFlag)
    .option("--budget-calls <n>", "most target calls, test included (exact)", parseNumberFlag)
    .option("--budget-dlm-requests <n>", "most DLM requests, never exceeded (see README: budgets)", parseNumberFlag)
    .option("--budget-dlm-calls <n>", "old name of --budget-dlm-requests", parseNumberFlag)
    .option("--budget-tokens <n>", "most input + output tokens over all models", parseNumberFlag)
    .option("--budget-usd <x>", "most US dollars over all models", parseNumberFlag)
    .option("--budget-minutes <x>", "most wall-clock minutes, the final test included", parseNumberFlag)
    .option("--concurrency <n>", "target calls in flight (default 64)", parseNumberFlag)
    .option("--max-failures <n|x%>", "rollouts allowed to fail after retries before the run stops (default 5%)")
    .option("--seed <n>", "seed of every random choice (default 0)", parseNumberFlag)
    .option("--template <text>", 'user message with {field} placeholders, e.g. "Review: {text}"')
    .option("--labels <list>", "comma-separated labels")
    .option("--traces <file>", "optimise from logged conversations (judged replay) instead of --task")
    .option("--traces-from <format>", "format of --traces: dlmpo (default), openai, otel, or store (received spans)")
    .option("--feedback <file>", "JSONL feedback to join to the traces by conversation or trace id")
    .option("--judge <model>", "judge of replayed replies, provider:model (cached and metered like the target)")
    .option("--judge-mode <mode>", "pairwise (default: vs the seed's reply, both orders) or absolute (1-5)")
    .option("--rubric <file>", "the judge's rubric (default: derived once from the feedback, and shown)")
    .option("--redact", "redact emails, phone and card numbers, keys in the traces before anything is stored or sent")
    .option(
      "--redact-pattern <regex>",
      "also redact this regular expression (repeatable)",
      (value: string, previous?: string[]) => [...(previous ?? []), value],
    )
    .option("--no-conditioning", "ablation: the proposer sees no traces (empty conditioning)");
  return addModelCallOptions(addDataAndCacheOptions(command)).option(
    "--config <file>",
    "YAML or JSON config file (section `optimize`; flags override it)",
  );
}

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

async function runOptimize(command: OptimizeCommandOptions, context: CliContext): Promise<void> {
  const storePath = command.store ?? defaultStorePath({ cwd: context.cwd });
  const store = openLazyStore({ path: storePath });
  try {
    const prepared = await prepareOptimizeRun({ command, context, store });
    try {
      const outcome = await optimizeWithProgress({
        prepared,
        context,
        quietUnlessTTY: command.json,
        dryRun: command.dryRun,
        costPerTargetCallUsd: estimateCallCostUsd({
          meter: prepared.meter,
          modelId: prepared.targetModelId,
          ...targetCallTokens,
        }),
        // A local DLM (built-in, ONNX, logits server) costs nothing per request; an unpriced remote one is unknown.
        costPerDlmCallUsd:
          prepared.dlmModelId === undefined
            ? 0
            : estimateCallCostUsd({ meter: prepared.dlmMeter, modelId: prepared.dlmModelId, ...dlmRequestTokens }),
      });
      if (outcome.kind === "plan") {
        const isDlmPriced =
          prepared.dlmModelId === undefined || prepared.dlmMeter.priceOf(prepared.dlmModelId) !== undefined;
        context.stdout.write(
          command.json
            ? `${JSON.stringify(outcome, null, 2)}\n`
            : renderRunPlan(outcome.plan, { dlmModelId: prepared.dlmModelId, isDlmPriced }),
        );
        return;
      }
      const { kind: _kind, ...result } = outcome;
      context.stdout.write(
        command.json
          ? `${JSON.stringify({ ...result, ...(prepared.judge === undefined ? {} : { judge: prepared.judge }), store: storePath }, null, 2)}\n`
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

/** Registers `dlmpo optimize`. */
export function registerOptimizeCommand(program: Command, context: CliContext): void {
  addOptimizeOptions(
    program
      .command("optimize")
      .description("Optimise a task's system prompt with a diffusion LM (or a baseline) and save the run."),
    { withSteps: true },
  )
    .option("--dry-run", "print the planned calls and estimated cost (target and DLM); spend nothing, need no key")
    .action(async (_options: unknown, command: Command) => {
      await runOptimize(await readOptimizeOptions({ command, context }), context);
    });
}
