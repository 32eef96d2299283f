import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { addOptimizeOptions } from "./optimize-flags.js";

/** Registers `dlmpo optimize`; the optimiser and its models load only when the command runs (not for `--help`). */
export function registerOptimizeCommand(program: Command, context: CliContext): void {
  addOptimizeOptions(
    program
      .command("optimize")
      .description("Optimise a task's system prompt with a diffusion LM (or a baseline) and save the run."),
    { withSteps: true },
  )
    .option(
      "--dry-run",
      "print the planned calls and estimated cost (target, DLM, and judge with --traces); spend nothing, need no key",
    )
    .action(async (_options: unknown, command: Command) => {
      const { runOptimizeCommand } = await import("./optimize.js");
      await runOptimizeCommand(command, context);
    });
}
