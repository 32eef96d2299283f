import type { SplitName } from "../../spec/task.js";
import type { TauDomain, TauTaskSpec } from "./load-tau-domain.js";

/** One task of a split, with where it comes from in the data. */
export interface TauTaskRef {
  /** The data file's split (`airline` has only `test`). */
  readonly sourceSplit: SplitName;
  /** Index in that file. */
  readonly index: number;
  readonly task: TauTaskSpec;
}

/**
 * The tasks of an optimisation split. Retail uses its own files (train 500, dev 20, test 115). Airline has only a
 * test file of 50 tasks, split deterministically by index: even indexes → train (25), index ≡ 1 (mod 4) → dev (13),
 * index ≡ 3 (mod 4) → test (12). Benchmark runs (`dlmpo bench tau`) use the files as they are.
 */
export async function loadTauSplit(options: {
  readonly domain: TauDomain;
  readonly split: SplitName;
}): Promise<TauTaskRef[]> {
  const { domain, split } = options;
  if (domain.name === "retail") {
    const tasks = await domain.loadTasks(split);
    return tasks.map((task, index) => ({ sourceSplit: split, index, task }));
  }
  const tasks = await domain.loadTasks("test");
  const belongs = (index: number): boolean =>
    split === "train" ? index % 2 === 0 : split === "dev" ? index % 4 === 1 : index % 4 === 3;
  return tasks.flatMap((task, index) => (belongs(index) ? [{ sourceSplit: "test" as const, index, task }] : []));
}

/** The example id of a task: `<domain>/<source split>/<index>`, e.g. `retail/test/12`. */
export function toTauExampleId(options: {
  readonly domain: string;
  readonly sourceSplit: string;
  readonly index: number;
}): string {
  return `${options.domain}/${options.sourceSplit}/${options.index}`;
}
