import type { Runtime } from "../spec/runtime.js";

/** What every command receives from the composition root: the real runtime pieces and the terminal. */
export interface CliContext {
  readonly runtime: Runtime;
  readonly cwd: string;
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  /** Aborted on the first Ctrl-C / SIGTERM; a second one exits at once. */
  readonly abortSignal: AbortSignal;
}
