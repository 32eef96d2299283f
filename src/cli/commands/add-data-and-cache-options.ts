import type { Command } from "commander";

/**
 * Adds the options that `dlmpo optimize` and `dlmpo bench tau` share, in this order: `--json`, `--data-dir`,
 * `--store`, `--no-cache` and `--refresh-cache` (read back by `collectFlags`).
 */
export function addDataAndCacheOptions(command: Command): Command {
  return command
    .option("--json", "print the result as JSON")
    .option("--data-dir <dir>", "benchmark data folder (default ../shared/data)")
    .option("--store <file>", "SQLite store (default .dlmpo/dlmpo.sqlite)")
    .option("--no-cache", "do not read or write the call cache")
    .option("--refresh-cache", "ask the models again and overwrite cached answers");
}
