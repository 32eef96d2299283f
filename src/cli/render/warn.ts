import type { CliContext } from "../cli-context.js";

/** Writes `dlmpo: warning: <message>` as one line on the command's stderr. */
export function warn(context: Pick<CliContext, "stderr">, message: string): void {
  context.stderr.write(`dlmpo: warning: ${message}\n`);
}
