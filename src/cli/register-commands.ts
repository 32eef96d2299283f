import type { Command } from "commander";
import type { CliContext } from "./cli-context.js";
import { registerBenchCommand } from "./commands/bench.js";
import { registerDemoCommand } from "./commands/demo.js";
import { registerEvalCommand } from "./commands/eval.js";
import { registerInfillCommand } from "./commands/infill.js";
import { registerOptimizeCommand } from "./commands/optimize.js";
import { registerReportCommand } from "./commands/report.js";
import { registerRunsCommand } from "./commands/runs.js";
import { registerServeLogitsCommand } from "./commands/serve-logits.js";
import { registerTracesCommand } from "./commands/traces/traces.js";

/** A CLI command module: adds itself to the program. `setExitCode` lets a command end with 1 without throwing. */
export type CommandRegistration = (program: Command, context: CliContext, setExitCode: (code: number) => void) => void;

const registrations: readonly CommandRegistration[] = [
  registerDemoCommand,
  registerEvalCommand,
  registerInfillCommand,
  registerServeLogitsCommand,
  registerBenchCommand,
  registerReportCommand,
  registerOptimizeCommand,
  registerRunsCommand,
  registerTracesCommand,
];

/** Adds every dlmpo command to `program`. */
export function registerCommands(program: Command, context: CliContext, setExitCode: (code: number) => void): void {
  for (const register of registrations) register(program, context, setExitCode);
}
