import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { DlmpoError } from "../../errors/dlmpo-error.js";
import { runInUseError } from "../../optimizer/hold-run-lease.js";
import { resumeRun } from "../../optimizer/optimize.js";
import { runStateOf } from "../../optimizer/run-state-of.js";
import { findJudgeCheck } from "../../report/find-judge-check.js";
import { toOptimizerEvent } from "../../report/to-optimizer-event.js";
import type { RunRecord } from "../../spec/store.js";
import { openSqliteStore, type SqliteStore } from "../../store/open-sqlite-store.js";
import type { CliContext } from "../cli-context.js";
import { defaultStorePath } from "../config/default-paths.js";
import { optimizeOptionsSchema } from "../config/optimize-options.js";
import { createOptimizeProgress } from "./optimize-progress.js";
import { prepareOptimizeRun } from "./optimize-setup.js";
import { renderOptimizeResult } from "./render-optimize-result.js";
import { listRuns } from "./runs-list.js";
import { showRun } from "./runs-show.js";

interface RunsFlags {
  readonly store?: string;
  readonly json?: boolean;
  readonly limit?: string;
}

function openStore(flags: RunsFlags, context: CliContext): { store: SqliteStore; path: string } {
  const path = storePathOf(flags, context);
  if (!existsSync(path))
    throw new DlmpoError({ code: "not-found", message: `No store at ${path}. Pass another --store.` });
  return { store: openSqliteStore({ path }), path };
}

const storePathOf = (flags: RunsFlags, context: CliContext): string =>
  flags.store === undefined ? defaultStorePath({ cwd: context.cwd }) : resolve(context.cwd, flags.store);

function requireRun(store: SqliteStore, id: string): RunRecord {
  const run = store.getRun(id);
  if (run === undefined)
    throw new DlmpoError({ code: "not-found", message: `No run "${id}". See \`dlmpo runs list\`.` });
  return run;
}

async function resume(id: string, flags: RunsFlags, context: CliContext): Promise<void> {
  const { store, path } = openStore(flags, context);
  try {
    const run = requireRun(store, id);
    const invocation =
      typeof run.config === "object" && run.config !== null && "invocation" in run.config
        ? run.config.invocation
        : undefined;
    const parsed = optimizeOptionsSchema.safeParse(invocation);
    if (run.kind !== "optimize" || !parsed.success)
      throw new DlmpoError({
        code: "invalid-input",
        message: `Run ${id} was not started by \`dlmpo optimize\`, so the CLI cannot rebuild it. Resume it with resumeRun() in the library.`,
      });
    // Refused before any model is loaded; resumeRun checks again when it takes the lease, which decides a race.
    const state = runStateOf(run, { nowMs: context.runtime.clock.now(), process: context.runtime.process });
    if (state === "running" && run.lease !== undefined) throw runInUseError({ runId: id, holder: run.lease });
    // A stop file asked the run to stop; resuming means the user wants it to go on.
    rmSync(resolve(context.cwd, ".dlmpo", "stop"), { force: true });
    const events = store.listEvents(id).flatMap((event) => {
      const known = toOptimizerEvent(event);
      return known === undefined ? [] : [known];
    });
    // A judged run keeps the rubric and judge agreement it started with, and asks the judge for neither again.
    const prepared = await prepareOptimizeRun({
      command: { ...parsed.data, store: path },
      context,
      store,
      storedJudgeCheck: findJudgeCheck(events),
    });
    try {
      const isTTY = "isTTY" in context.stderr && context.stderr.isTTY === true;
      const progress = createOptimizeProgress({
        write: (text) => context.stderr.write(text),
        isTTY,
        rounds: prepared.settings.rounds ?? 8,
        budgets: prepared.settings.budgets ?? {},
      });
      if (run.status !== "completed") progress.replay(events);
      const result = await resumeRun({ ...prepared.parts, runId: id, onEvent: (event) => progress.onEvent(event) });
      progress.finish();
      context.stdout.write(
        flags.json === true ? `${JSON.stringify(result, null, 2)}\n` : renderOptimizeResult(result, { store: path }),
      );
    } finally {
      await prepared.close();
    }
  } finally {
    store.close();
  }
}

/** Registers `dlmpo runs list|show <id>|resume <id>`. */
export function registerRunsCommand(program: Command, context: CliContext): void {
  const runs = program.command("runs").description("List, inspect and resume stored runs.");
  const storeOption = "--store <file>";
  const storeHelp = "SQLite store (default .dlmpo/dlmpo.sqlite)";
  runs
    .command("list")
    .description("List runs, newest first.")
    .option(storeOption, storeHelp)
    .option("--limit <n>", "how many (default 20)")
    .option("--json", "print JSON")
    .action((flags: RunsFlags) => {
      const limit = flags.limit === undefined ? 20 : Number(flags.limit);
      listRuns({
        storePath: storePathOf(flags, context),
        limit: Number.isInteger(limit) && limit > 0 ? limit : 20,
        json: flags.json === true,
        context,
      });
    });
  runs
    .command("show <id>")
    .description("Show a run: status, events, result.")
    .option(storeOption, storeHelp)
    .option("--json", "print JSON")
    .action((id: string, flags: RunsFlags) =>
      showRun({ id, storePath: storePathOf(flags, context), json: flags.json === true, context }),
    );
  runs
    .command("resume <id>")
    .description("Continue an interrupted optimisation run; repeats no paid call.")
    .option(storeOption, storeHelp)
    .option("--json", "print the result as JSON")
    .action(async (id: string, flags: RunsFlags) => resume(id, flags, context));
}
