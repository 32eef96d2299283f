import { stableHash } from "../../../internal/stable-hash.js";
import type { OptimizeCommandOptions } from "../../config/optimize-options.js";

/** Options that do not change what a run computes (where it is stored, how it is printed, cached or throttled). */
const operationalOptions = [
  "json",
  "store",
  "cache",
  "concurrency",
  "apiKeys",
  "dataDir",
  "dryRun",
] as const satisfies readonly (keyof OptimizeCommandOptions)[];

/**
 * The id of a resumable bench (`cmp_…` for `bench compare`, `stp_…` for `bench steps`): `prefix`, `_` and 12 hex digits
 * of a hash of `kind` and the shared options, without the operational ones (store, cache, concurrency, output, keys)
 * and without `perRun`, the options each run sets itself (its seed, task, method or step count), which its run id
 * names instead. The same command therefore has the same id, whatever seeds (or tasks, methods, step counts) it lists,
 * and a re-run finds the runs it already stored.
 */
export function planBenchId(options: {
  readonly prefix: string;
  readonly kind: string;
  readonly base: OptimizeCommandOptions;
  readonly perRun: readonly (keyof OptimizeCommandOptions)[];
}): string {
  const left = new Set<string>([...operationalOptions, ...options.perRun]);
  const shared = Object.fromEntries(Object.entries(options.base).filter(([name]) => !left.has(name)));
  return `${options.prefix}_${stableHash({ kind: options.kind, shared }).slice(0, 12)}`;
}
