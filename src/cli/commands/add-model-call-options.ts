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
