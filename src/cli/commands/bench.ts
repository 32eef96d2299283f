import type { Command } from "commander";
import type { CliContext } from "../cli-context.js";
import { registerBenchCompareCommand } from "./bench-compare/bench-compare.js";
import { registerBenchStepsCommand } from "./bench-steps/bench-steps.js";
import { registerBenchTauCommand } from "./bench-tau.js";

/** A `dlmpo bench <name>` sub-command: adds itself to the shared `bench` parent. */
export type BenchSubcommandRegistration = (
  bench: Command,
  context: CliContext,
  setExitCode: (code: number) => void,
) => void;

/** Every `bench` sub-command; append yours here. */
const benchSubcommands: readonly BenchSubcommandRegistration[] = [
  registerBenchTauCommand,
  registerBenchStepsCommand,
  registerBenchCompareCommand,
];

/** Registers `dlmpo bench` and its sub-commands (paper-style benchmark runs). */
export function registerBenchCommand(program: Command, context: CliContext, setExitCode: (code: number) => void): void {
  const bench = program
    .command("bench")
    .description("Paper-style benchmark runs (tau-bench, step ablation, method comparison).");
  for (const register of benchSubcommands) register(bench, context, setExitCode);
}
