import type { OptimizeResult } from "../../optimizer/optimize-result.js";
import { describeDlmWork } from "../../report/describe-dlm-work.js";
import { describeTestComparison } from "../../report/describe-test-comparison.js";
import { renderTable } from "../render/render-table.js";
import type { PlanWithJudge } from "./traces/plan-traces-judge.js";

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
      `target ${result.spend.targetCalls}, dlm ${result.spend.dlmCalls}${judgeCalls(result)}${dlmWork === "" ? "" : `; ${dlmWork}`}`,
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

/** `, judge 81` when a judge (of `optimize --traces`) spent calls in the run, else nothing. */
function judgeCalls(result: OptimizeResult): string {
  const judged = (result.spend.byModel ?? []).filter((row) => row.role === "judge");
  return judged.length === 0 ? "" : `, judge ${judged.reduce((sum, row) => sum + row.calls, 0)}`;
}

/**
 * The plan of a dry run, for the terminal. `dlmModelId` names the DLM's model when it is paid per token (absent for a
 * local DLM); `isDlmPriced` false says the estimate leaves its requests out; likewise `judgeModelId` and
 * `isJudgePriced` for the judge of `optimize --traces`, whose planned calls get a line of their own.
 */
export function renderRunPlan(
  plan: PlanWithJudge,
  models: {
    readonly dlmModelId?: string | undefined;
    readonly isDlmPriced?: boolean | undefined;
    readonly judgeModelId?: string | undefined;
    readonly isJudgePriced?: boolean | undefined;
    /** Tokens the estimate gives one judge call (default 600). */
    readonly judgeInputTokens?: number | undefined;
    /** Tokens the estimate gives one target call. */
    readonly targetCallTokens?: { readonly inputTokens: number; readonly outputTokens: number } | undefined;
  } = {},
): string {
  const target = models.targetCallTokens;
  const targetNote =
    target === undefined ? "" : `target ~${target.inputTokens} tokens in and ${target.outputTokens} out per call; `;
  const dlmNote =
    models.dlmModelId === undefined
      ? "local DLM, no per-request cost"
      : models.isDlmPriced === false
        ? `no price for ${models.dlmModelId}: its requests are left out`
        : `target and ${models.dlmModelId}, ~2000 tokens in and 200 out per DLM request`;
  const judgeNote =
    models.judgeModelId === undefined
      ? ""
      : models.isJudgePriced === false
        ? `; no price for judge ${models.judgeModelId}: its calls are left out`
        : `; judge ~${models.judgeInputTokens ?? 600} tokens in and 40 out per call`;
  const judge = plan.judgeCalls;
  const judgeRows: [string, string][] =
    judge === undefined
      ? []
      : [
          [
            "judge calls",
            `${judge.total} (≤ ${judge.scoring} scoring replies, ${judge.rubric} rubric, ${judge.agreement} agreement checks)`,
          ],
        ];
  return renderTable({
    title: "dlmpo optimize --dry-run (upper bounds; nothing spent)",
    rows: [
      [
        "target calls",
        `${plan.targetCalls.total} (seed on dev ${plan.targetCalls.seedDev}, ≤ ${plan.targetCalls.perRound} a round, test ${plan.targetCalls.test} for seed and final)` +
          (plan.judgeCalls === undefined || plan.judgeCalls.seedReplies === 0
            ? ""
            : `\n+ ≤ ${plan.judgeCalls.seedReplies} seed replies for pairwise judging`),
      ],
      ["dlm requests", String(plan.dlmCalls)],
      ...judgeRows,
      ["dev rungs", `${plan.rungs.join(", ")} (selection), ${plan.acceptanceExamples} to accept`],
      [
        "estimated cost",
        plan.estimatedCostUsd === undefined
          ? "unknown (no price for the model)"
          : `$${plan.estimatedCostUsd.toFixed(4)} (${targetNote}${dlmNote}${judgeNote})`,
      ],
    ],
  });
}
