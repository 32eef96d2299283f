import type { Command } from "commander";
import type { CliContext } from "./cli-context.js";

/** A CLI command module: adds itself to the program. `setExitCode` lets a command end with 1 without throwing. */
export type CommandRegistration = (program: Command, context: CliContext, setExitCode: (code: number) => void) => void;

/** A top-level command: its name and one-line description (for `dlmpo --help`), and how to load its module. */
interface CommandEntry {
  readonly name: string;
  readonly description: string;
  readonly load: () => Promise<CommandRegistration>;
}

/**
 * Every command, loaded only when asked for: `dlmpo --help` loads none of them, `dlmpo eval …` loads `eval` alone.
 * The descriptions repeat each module's own (a test keeps them equal).
 */
export const commandCatalogue: readonly CommandEntry[] = [
  {
    name: "demo",
    description: "Run the whole method offline on the built-in model: optimise a sentiment prompt, score it, report.",
    load: async () => (await import("./commands/demo.js")).registerDemoCommand,
  },
  {
    name: "eval",
    description: "Score one system prompt on a task split (accuracy, macro-F1, tokens, cost) and save the run.",
    load: async () => (await import("./commands/eval-command.js")).registerEvalCommand,
  },
  {
    name: "infill",
    description: "Mask spans of a system prompt and let a diffusion LM rewrite them; prints each candidate as a diff.",
    load: async () => (await import("./commands/infill.js")).registerInfillCommand,
  },
  {
    name: "serve-logits",
    description: "Serve a local masked/diffusion LM over the remote logits protocol (docs/remote-logits.md).",
    load: async () => (await import("./commands/serve-logits.js")).registerServeLogitsCommand,
  },
  {
    name: "bench",
    description: "Paper-style benchmark runs (tau-bench, step ablation, method comparison).",
    load: async () => (await import("./commands/bench.js")).registerBenchCommand,
  },
  {
    name: "report",
    description: "Render a stored run as a self-contained HTML report, a Markdown summary or JSON.",
    load: async () => (await import("./commands/report.js")).registerReportCommand,
  },
  {
    name: "optimize",
    description: "Optimise a task's system prompt with a diffusion LM (or a baseline) and save the run.",
    load: async () => (await import("./commands/optimize-command.js")).registerOptimizeCommand,
  },
  {
    name: "runs",
    description: "List, inspect and resume stored runs.",
    load: async () => (await import("./commands/runs.js")).registerRunsCommand,
  },
  {
    name: "traces",
    description: "Bring production conversations in: import logs, count them, receive OpenTelemetry spans.",
    load: async () => (await import("./commands/traces/traces.js")).registerTracesCommand,
  },
];

/** The command `argv` asks for (`dlmpo eval …`, `dlmpo help eval`), or undefined (`dlmpo --help`, a typo). */
function requestedCommand(argv: readonly string[]): CommandEntry | undefined {
  const words = argv.filter((word) => !word.startsWith("-"));
  const name = words[0] === "help" ? words[1] : words[0];
  return commandCatalogue.find((entry) => entry.name === name);
}

/**
 * Adds to `program` the command `argv` asks for, fully; with none asked for (top-level help, an unknown name), every
 * command by name and description only, which is all commander needs to list them or reject a typo.
 */
export async function registerCommands(options: {
  readonly program: Command;
  readonly context: CliContext;
  readonly argv: readonly string[];
  readonly setExitCode: (code: number) => void;
}): Promise<void> {
  const { program, context } = options;
  const entry = requestedCommand(options.argv);
  if (entry !== undefined) {
    (await entry.load())(program, context, options.setExitCode);
    return;
  }
  for (const { name, description } of commandCatalogue) program.command(name).description(description);
}
