import type { Command } from "commander";
import { parseNumberFlag } from "./collect-flags.js";

/**
 * Adds `--timeout <seconds>` and `--retries <n>` (read back as the `timeout` and `retries` options) to a command that
 * calls models; they apply to every model it uses (target, DLM, judge, simulated user, baseline chat models).
 */
export function addModelCallOptions(command: Command): Command {
  return command
    .option("--timeout <seconds>", "seconds one attempt of a model call may take (default 120)", parseNumberFlag)
    .option("--retries <n>", "retries of a failed model call after its first attempt (default 6)", parseNumberFlag);
}

/** Adds `--target`, `--user` and `--user-temperature`: the target model and a tau-bench task's simulated user. */
export function addTargetAndUserOptions(command: Command): Command {
  return command
    .option("--target <model>", "openai:<model>, anthropic:<model>, openai-compatible:<baseURL>#<model> or builtin")
    .option("--user <model>", "simulated user of a tau-bench task (default openai:gpt-4o)")
    .option(
      "--user-temperature <t>",
      "simulated user's temperature (default: the provider's, 1.0 for OpenAI, as the original)",
      parseNumberFlag,
    );
}
