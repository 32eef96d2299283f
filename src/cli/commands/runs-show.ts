import { DlmpoError } from "../../errors/dlmpo-error.js";
import type { OptimizeResult } from "../../optimizer/optimize-result.js";
import { runStateOf } from "../../optimizer/run-state-of.js";
import { describeJudgeCheck } from "../../report/describe-judge-check.js";
import { findJudgeCheck } from "../../report/find-judge-check.js";
import { toOptimizerEvent } from "../../report/to-optimizer-event.js";
import { openSqliteStore } from "../../store/open-sqlite-store.js";
import type { CliContext } from "../cli-context.js";
import { renderTable } from "../render/render-table.js";
import { renderOptimizeResult } from "./render-optimize-result.js";
import { runFigures } from "./run-figures.js";

/**
 * `dlmpo runs show <id>`: a run's state, its lease holder while running, its events by type, its scores (an eval's
 * metrics, an optimisation's result) and the error that ended it. Opens the store read-only.
 */
export function showRun(options: {
  readonly id: string;
  readonly storePath: string;
  readonly json: boolean;
  readonly context: CliContext;
}): void {
  const { context, id } = options;
  const store = openSqliteStore({ path: options.storePath, readOnly: true });
  try {
    const run = store.getRun(id);
    if (run === undefined)
      throw new DlmpoError({ code: "not-found", message: `No run "${id}". See \`dlmpo runs list\`.` });
    const state = runStateOf(run, { nowMs: context.runtime.clock.now(), process: context.runtime.process });
    const counts = new Map<string, number>();
    const events = store.listEvents(id);
    for (const event of events) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
    const check = findJudgeCheck(events.flatMap((event) => toOptimizerEvent(event) ?? []));
    const judge = check === undefined ? undefined : { ...check, description: describeJudgeCheck(check) };
    if (options.json) {
      const shown = {
        ...run,
        state,
        eventCounts: Object.fromEntries(counts),
        ...(judge === undefined ? {} : { judge }),
      };
      context.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
      return;
    }
    const figures = runFigures(run);
    const judgeRows: [string, string][] =
      judge === undefined
        ? []
        : [
            ["judge", judge.judgeModelId],
            ["judge agreement", judge.description],
          ];
    const holder = run.lease;
    const rows: [string, string][] = [
      ["kind", run.kind],
      ["status", state === "interrupted" ? "interrupted (its process is gone; resume it)" : state],
      ...(state === "running" && holder !== undefined
        ? [["held by", `process ${holder.pid ?? "?"} on ${holder.host ?? "?"}`] as [string, string]]
        : []),
      ["seed", String(run.seed)],
      ["created", new Date(run.createdAtMs).toISOString()],
      ["updated", new Date(run.updatedAtMs).toISOString()],
      ...(figures.metrics ?? []).map((metric): [string, string] => [metric.name, metric.value.toFixed(3)]),
      ...(figures.error === undefined ? [] : [["error", figures.error] as [string, string]]),
      ...judgeRows,
      ["events", [...counts].map(([type, count]) => `${type} ${count}`).join("\n") || "none"],
    ];
    context.stdout.write(renderTable({ title: `run ${run.id}`, rows }));
    if (isOptimizeResult(run.summary)) context.stdout.write(`\n${renderOptimizeResult(run.summary, { store: "" })}`);
  } finally {
    store.close();
  }
}

function isOptimizeResult(value: unknown): value is OptimizeResult {
  return typeof value === "object" && value !== null && "bestPrompt" in value && "lineage" in value && "spend" in value;
}
