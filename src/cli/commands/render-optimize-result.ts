import type { OptimizeResult } from "../../optimizer/optimize-result.js";
import type { RunPlan } from "../../optimizer/plan-run.js";
import { renderTable } from "../render/render-table.js";

/** The final summary of an optimisation run, for the terminal. */
export function renderOptimizeResult(result: OptimizeResult, options: { readonly store: string }): string {
  const test = result.testMetrics?.map(
    (metric) => `${metric.name} ${metric.value.toFixed(3)} [${metric.low.toFixed(3)}, ${metric.high.toFixed(3)}]`,
  );
  const seed = result.lineage[0];
  const rows: [string, string][] = [
    ["run", result.runId],
    ["status", `${result.status} (${result.stopReason})`],
    ["dev score", `${seed === undefined ? "" : `${seed.devScore.toFixed(3)} → `}${result.devScore.toFixed(3)}`],
    ["test", test === undefined ? "not scored" : test.join("\n")],
    ["accepted", String(Math.max(0, result.lineage.length - 1))],
    ["calls", `target ${result.spend.targetCalls}, dlm ${result.spend.dlmCalls}`],
    ["tokens", `${result.spend.inputTokens} in, ${result.spend.outputTokens} out`],
    ["cost", `$${result.spend.costUsd.toFixed(4)}`],
    ["store", options.store],
    ["best prompt", result.bestPrompt],
  ];
  const hint =
    result.status === "stopped"
      ? `Resume with: dlmpo runs resume ${result.runId}\n`
      : `Report: dlmpo report ${result.runId}\n`;
  return renderTable({ title: "dlmpo optimize", rows }) + hint;
}

/**
 * The plan of a dry run, for the terminal. `dlmModelId` names the DLM's model when it is paid per token (absent for a
 * local DLM); `isDlmPriced` false says the estimate leaves its requests out.
 */
export function renderRunPlan(
  plan: RunPlan,
  dlm: { readonly dlmModelId?: string | undefined; readonly isDlmPriced?: boolean | undefined } = {},
): string {
  const dlmNote =
    dlm.dlmModelId === undefined
      ? "local DLM, no per-request cost"
      : dlm.isDlmPriced === false
        ? `no price for ${dlm.dlmModelId}: its requests are left out`
        : `target and ${dlm.dlmModelId}, ~2000 tokens in and 200 out per DLM request`;
  return renderTable({
    title: "dlmpo optimize --dry-run (upper bounds; nothing spent)",
    rows: [
      [
        "target calls",
        `${plan.targetCalls.total} (seed on dev ${plan.targetCalls.seedDev}, ≤ ${plan.targetCalls.perRound} a round, test ${plan.targetCalls.test})`,
      ],
      ["dlm requests", String(plan.dlmCalls)],
      ["dev rungs", plan.rungs.join(", ")],
      [
        "estimated cost",
        plan.estimatedCostUsd === undefined
          ? "unknown (no price for the model)"
          : `$${plan.estimatedCostUsd.toFixed(4)} (${dlmNote})`,
      ],
    ],
  });
}
