import type { Command } from "commander";
import type { CliContext } from "./cli-context.js";

/** A CLI command module: adds itself to the program. `setExitCode` lets a command end with 1 without throwing. */
export type CommandRegistration = (program: Command, context: CliContext, setExitCode: (code: number) => void) => void;

const registrations: readonly CommandRegistration[] = [];

/** Adds every dlmpo command to `program`. */
export function registerCommands(program: Command, context: CliContext, setExitCode: (code: number) => void): void {
  for (const register of registrations) register(program, context, setExitCode);
}
