import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { addModelCallOptions } from "./add-model-call-options.js";
import { parseNumberFlag } from "./collect-flags.js";

/** Registers `dlmpo eval`; the command's code (models, store, tasks) loads only when it runs. */
export function registerEvalCommand(program: Command, context: CliContext): void {
  const command = program
    .command("eval")
    .description("Score one system prompt on a task split (accuracy, macro-F1, tokens, cost) and save the run.")
    .option("--task <name>", "sst2, sst5, mrpc, snli, tau-retail, tau-airline, or a JSONL file with a label field")
    .option("--split <split>", "train, dev or test (default dev)")
    .option("--prompt <file>", "file holding the system prompt (default: the task's seed prompt)")
    .option("--target <model>", "openai:<model>, anthropic:<model>, openai-compatible:<baseURL>#<model> or builtin")
    .option("--user <model>", "simulated user of a tau-bench task (default openai:gpt-4o)")
    .option(
      "--user-temperature <t>",
      "simulated user's temperature (default: the provider's, 1.0 for OpenAI, as the original)",
      parseNumberFlag,
    )
    .option("--limit <n>", "score only the first N examples", parseNumberFlag)
    .option("--concurrency <n>", "model calls in flight at once (default 64)", parseNumberFlag)
    .option("--template <text>", 'user message with {field} placeholders, e.g. "Review: {text}"')
    .option("--labels <list>", "comma-separated labels (default: the task's, or found in the file)")
    .option("--temperature <t>", "sampling temperature of the target (default 0)", parseNumberFlag)
    .option("--max-output-tokens <n>", "cap on answer length in tokens (default 32)", parseNumberFlag)
    .option("--seed <n>", "seed of the bootstrap intervals (default 0)", parseNumberFlag)
    .option("--max-failures <n|x%>", "examples allowed to fail after retries before the run stops (default 5%)")
    .option("--json", "print the result as JSON")
    .option("--data-dir <dir>", "benchmark data folder (default ../shared/data)")
    .option("--store <file>", "SQLite store (default .dlmpo/dlmpo.sqlite)")
    .option("--no-cache", "do not read or write the call cache")
    .option("--refresh-cache", "ask the models again and overwrite cached answers")
    .option("--config <file>", "YAML or JSON config file (flags override it)");
  addModelCallOptions(command).action(async (_options: unknown, command: Command) => {
    const { runEvalCommand } = await import("./eval.js");
    await runEvalCommand(command, context);
  });
}
