import { describeDiffusionSettings } from "../../../report/describe-diffusion-settings.js";
import type { OptimizeCommandOptions } from "../../config/optimize-options.js";
import type { RunOutcome } from "../bench-runs/run-planned-runs.js";
import { toRunDiffusionOptions } from "../run-diffusion-options.js";
import type { ComparisonPlan, ComparisonRun } from "./plan-comparison.js";

/** The settings every run of a comparison shares, one line each: models, sizes and budgets, diffusion settings. */
export function comparisonSettings(base: OptimizeCommandOptions): string[] {
  const diffusion = toRunDiffusionOptions(base);
  const sizes = [
    ["rounds", base.rounds],
    ["candidates", base.candidates],
    ["train minibatch", base.trainMinibatch],
    ["dev", base.devSize],
    ["test", base.testSize],
    ["budget target calls", base.budgetCalls],
    ["budget DLM calls", base.budgetDlmCalls],
    ["budget tokens", base.budgetTokens],
    ["budget USD", base.budgetUsd],
    ["budget minutes", base.budgetMinutes],
  ].flatMap(([name, value]) => (value === undefined ? [] : [`${name} ${value}`]));
  return [
    `target ${base.target}; DLM ${base.dlm ?? "builtin"}`,
    `every run alike: ${sizes.length === 0 ? "the optimize defaults" : sizes.join(", ")}`,
    `diffusion: ${describeDiffusionSettings({
      diffusion: diffusion.diffusion,
      slotRange: diffusion.slotRange,
      maskRatio: diffusion.maskRatio,
      invocation: { endBias: diffusion.endTokenBias, topK: diffusion.topK },
    })}`,
  ];
}

/** Caveats a reader of the comparison needs: failed or unfinished runs, one seed, where the gain comes from, costs. */
export function comparisonNotes(options: {
  readonly plan: ComparisonPlan;
  readonly outcomes: readonly RunOutcome<ComparisonRun>[];
  readonly parallel: number;
  readonly usedReference: boolean;
  /** Whether answers came from the call cache (cache mode `use`). */
  readonly isCached: boolean;
}): string[] {
  const { plan, outcomes } = options;
  const failed = outcomes.filter((outcome) => outcome.state === "failed");
  const unfinished = outcomes.filter((outcome) => outcome.state === "skipped");
  return [
    ...(failed.length === 0
      ? []
      : [
          `${failed.length} run(s) failed and are left out: ${failed.map((o) => `${o.run.runId} (${o.error ?? "?"})`).join("; ")}.`,
        ]),
    ...(unfinished.length === 0
      ? []
      : [`${unfinished.length} run(s) did not finish and are left out; run the same command again to continue them.`]),
    ...(plan.seeds.length === 1 ? ["One seed: no interval over seeds can be given."] : []),
    ...(options.usedReference
      ? [
          "Gain: final minus seed prompt on the same test examples; the seed prompt's scores come from the none run of the same seed.",
        ]
      : []),
    ...(options.isCached
      ? [
          "Target and DLM calls count every call a run asked for, answered from the call cache or not; tokens and USD count only what the models were asked: answers from the call cache (shared by runs, and by re-runs) cost nothing there. Pass --no-cache to compare spend.",
        ]
      : []),
    `Costs are means per run; wall time was measured with up to ${options.parallel} runs in flight sharing one limiter per model, so it includes waiting.`,
    "Pairwise wins pool the test examples of every seed both methods finished; an example drawn by several seeds counts once per seed.",
  ];
}
