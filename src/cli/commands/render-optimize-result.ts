import type { OptimizeResult } from "../../optimizer/optimize-result.js";
import type { RunPlan } from "../../optimizer/plan-run.js";
import { describeDlmWork } from "../../report/describe-dlm-work.js";
import { describeTestComparison } from "../../report/describe-test-comparison.js";
import { renderTable } from "../render/render-table.js";

/**
 * The final summary of an optimisation run, for the terminal: seed and final prompt on the same test examples with
 * their paired difference, or plainly "No candidate beat the seed prompt".
 */
export function renderOptimizeResult(result: OptimizeResult, options: { readonly store: string }): string {
  const metricsText = (metrics: OptimizeResult["testMetrics"]): string | undefined =>
    metrics
      ?.map(
        (metric) => `${metric.name} ${metric.value.toFixed(3)} [${metric.low.toFixed(3)}, ${metric.high.toFixed(3)}]`,
      )
      .join("\n");
  const test = metricsText(result.testMetrics);
  const seedTest = metricsText(result.seedTestMetrics);
  const seed = result.lineage[0];
  const verdict = describeTestComparison({
    comparison: result.testComparison,
    seedHash: seed?.hash,
    bestHash: result.bestHash,
    finished: result.status === "completed",
  });
  const dlmWork = describeDlmWork(result.spend);
  const rows: [string, string][] = [
    ["run", result.runId],
    ["status", `${result.status} (${result.stopReason})`],
    ["dev score", `${seed === undefined ? "" : `${seed.devScore.toFixed(3)} → `}${result.devScore.toFixed(3)}`],
    ["test (seed)", seedTest ?? "not scored"],
    ["test (final)", test ?? "not scored"],
    ["seed vs final", verdict.join("\n")],
    ["accepted", String(Math.max(0, result.lineage.length - 1))],
    [
      "calls",
      `target ${result.spend.targetCalls}, dlm ${result.spend.dlmCalls}${dlmWork === "" ? "" : `; ${dlmWork}`}`,
    ],
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
        `${plan.targetCalls.total} (seed on dev ${plan.targetCalls.seedDev}, ≤ ${plan.targetCalls.perRound} a round, test ${plan.targetCalls.test} for seed and final)`,
      ],
      ["dlm requests", String(plan.dlmCalls)],
      ["dev rungs", `${plan.rungs.join(", ")} (selection), ${plan.acceptanceExamples} to accept`],
      [
        "estimated cost",
        plan.estimatedCostUsd === undefined
          ? "unknown (no price for the model)"
          : `$${plan.estimatedCostUsd.toFixed(4)} (${dlmNote})`,
      ],
    ],
  });
}
