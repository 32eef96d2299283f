import { execFile } from "node:child_process";
import { join } from "node:path";

/** What one run of the `dlmpo` binary printed and how it exited. */
export interface DlmpoRunResult {
  /** Exit code; -1 when the process ended without one (a signal). */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `bin/dlmpo.js`, found from this module (same depth in `src/` and `dist/`). */
const binary = join(import.meta.dirname, "..", "..", "..", "bin", "dlmpo.js");

/**
 * Runs the real `dlmpo` binary (for the CLI's tests) in `cwd` with an environment holding only `PATH` and `env` — no
 * API key leaks in from the shell — and resolves with its exit code and output; never rejects on a non-zero exit.
 */
export function runDlmpoBinary(options: {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>> | undefined;
}): Promise<DlmpoRunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [binary, ...options.args],
      { cwd: options.cwd, env: { PATH: process.env.PATH ?? "", ...options.env } },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : -1, stdout, stderr });
      },
    );
  });
}
