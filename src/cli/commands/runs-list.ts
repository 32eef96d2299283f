import { existsSync } from "node:fs";
import { runStateOf } from "../../optimizer/run-state-of.js";
import { openSqliteStore } from "../../store/open-sqlite-store.js";
import type { CliContext } from "../cli-context.js";
import { renderTable } from "../render/render-table.js";
import { describeRunFigures, runFigures } from "./run-figures.js";

/**
 * `dlmpo runs list`: the newest runs with their state (a `running` run whose process is gone shows `interrupted`) and
 * their scores. Opens the store read-only, so a read-only store can be listed, and creates nothing when there is none.
 */
export function listRuns(options: {
  readonly storePath: string;
  readonly limit: number;
  readonly json: boolean;
  readonly context: CliContext;
}): void {
  const { context } = options;
  if (!existsSync(options.storePath)) {
    context.stdout.write(options.json ? "[]\n" : "No runs yet. Start one with `dlmpo optimize` or `dlmpo eval`.\n");
    return;
  }
  const store = openSqliteStore({ path: options.storePath, readOnly: true });
  try {
    const check = { nowMs: context.runtime.clock.now(), process: context.runtime.process };
    const runs = store.listRuns({ limit: options.limit }).map((run) => ({ ...run, state: runStateOf(run, check) }));
    if (options.json) {
      context.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
      return;
    }
    if (runs.length === 0) {
      context.stdout.write("No runs yet. Start one with `dlmpo optimize` or `dlmpo eval`.\n");
      return;
    }
    const rows: [string, string][] = runs.map((run) => [
      run.id,
      [
        run.kind.padEnd(8),
        run.state.padEnd(11),
        new Date(run.createdAtMs).toISOString().slice(0, 19).replace("T", " "),
        describeRunFigures(run, runFigures(run)),
      ]
        .join("  ")
        .trimEnd(),
    ]);
    context.stdout.write(renderTable({ title: "runs (newest first)", rows }));
  } finally {
    store.close();
  }
}
