import type { Command } from "commander";

/** Commander parser for numeric flags: a number when the text is one, else the text (so validation can name it). */
export function parseNumberFlag(value: string): number | string {
  return /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
}

/**
 * The options the user typed on the command line (defaults left out, so they do not override a config file),
 * with `--no-cache` / `--refresh-cache` mapped to the `cache` option (`off` / `refresh`).
 */
export function collectFlags(command: Command): Record<string, unknown> {
  const values = command.opts();
  const flags: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    if (command.getOptionValueSource(name) !== "cli") continue;
    if (name === "cache") flags.cache = value === false ? "off" : "use";
    else if (name === "refreshCache") {
      if (value === true && flags.cache !== "off") flags.cache = "refresh";
    } else flags[name] = value;
  }
  return flags;
}
