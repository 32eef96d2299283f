import type { LogWarningsFunction, Warning } from "ai";
import type { Logger } from "../spec/runtime.js";

/**
 * An AI SDK warning logger that writes each warning to `logger` at level `warn` instead of the console.
 * The AI SDK prints warnings with `console.warn`/`console.info` by default, which lands on stdout in some runtimes and
 * breaks `--json` output; the composition root assigns this to `globalThis.AI_SDK_LOG_WARNINGS`.
 */
export function createAiSdkWarningLogger(options: { readonly logger: Logger }): LogWarningsFunction {
  return ({ warnings, provider, model }) => {
    for (const warning of warnings) {
      options.logger.log("warn", `AI SDK warning: ${describeWarning(warning)}`, { provider, model });
    }
  };
}

function describeWarning(warning: Warning): string {
  switch (warning.type) {
    case "unsupported":
      return `"${warning.feature}" is not supported${warning.details === undefined ? "." : `: ${warning.details}`}`;
    case "compatibility":
      return `"${warning.feature}" runs in compatibility mode${warning.details === undefined ? "." : `: ${warning.details}`}`;
    case "other":
      return warning.message;
  }
}
