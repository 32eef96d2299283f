import { setMaxListeners } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { toFileSystemError } from "../errors/file-system-error.js";
import { createRuntime, createStreamLogger } from "../runtime/create-runtime.js";
import type { CliContext } from "./cli-context.js";
import { packageRoot } from "./config/default-paths.js";
import { registerCommands } from "./register-commands.js";
import { createAiSdkWarningLogger } from "./route-ai-sdk-warnings.js";

/** Maps any error to a one-line message and an exit code: 2 for bad input/config, 1 for failures at run time. */
export function reportError(
  error: unknown,
  options: { readonly debug: boolean; readonly stderr: NodeJS.WritableStream },
): 1 | 2 {
  const known = error instanceof DlmpoError ? error : toFileSystemError(error);
  if (known !== undefined) {
    options.stderr.write(`dlmpo: ${known.message}\n`);
    if (options.debug && known.stack !== undefined) options.stderr.write(`${known.stack}\n`);
    return known.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  options.stderr.write(`dlmpo: unexpected error: ${message}\n`);
  if (options.debug && error instanceof Error && error.stack !== undefined) options.stderr.write(`${error.stack}\n`);
  else options.stderr.write("Run again with --debug for details.\n");
  return 1;
}

/** The `version` of dlmpo's package.json. */
function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8"));
  return typeof manifest === "object" &&
    manifest !== null &&
    "version" in manifest &&
    typeof manifest.version === "string"
    ? manifest.version
    : "unknown";
}

/** The CLI entry point: parses `argv` (without node and script), runs the command, returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes("--debug");
  const controller = new AbortController();
  // Every model call in flight listens to this signal; --concurrency bounds them, not Node's default of 10.
  setMaxListeners(0, controller.signal);
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write("\nStopping after the calls in flight (Ctrl-C again to quit now)…\n");
    controller.abort(new DlmpoError({ code: "aborted", message: "Interrupted by signal." }));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const context: CliContext = {
    runtime: createRuntime({ logger: createStreamLogger({ level: debug ? "debug" : "warn" }) }),
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    abortSignal: controller.signal,
  };
  // The AI SDK prints provider warnings with console.warn/info by default; that would mix into `--json` output.
  globalThis.AI_SDK_LOG_WARNINGS = createAiSdkWarningLogger({ logger: context.runtime.logger });
  const program = new Command("dlmpo")
    .description("Optimise LLM system prompts with diffusion language models.")
    .version(packageVersion(), "--version", "print the version")
    .option("--debug", "print stack traces of errors")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    });
  let exitCode = 0;
  try {
    await registerCommands({
      program,
      context,
      argv,
      setExitCode: (code) => {
        exitCode = code;
      },
    });
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    return reportError(error, { debug, stderr: context.stderr });
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
