import type { Command } from "commander";
import { addDataAndCacheOptions } from "./add-data-and-cache-options.js";
import { addDiffusionOptions } from "./add-diffusion-options.js";
import { addModelCallOptions } from "./add-model-call-options.js";
import { parseNumberFlag } from "./collect-flags.js";

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
