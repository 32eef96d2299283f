import { bootstrapInterval, wilsonInterval } from "../../internal/statistics.js";
import type { Random } from "../../spec/runtime.js";
import type { MetricValue } from "../../spec/task.js";

/** One scored example: the expected label and the parsed one (undefined when the answer had no label). */
export interface LabelOutcome {
  readonly expected: string;
  readonly predicted: string | undefined;
}

function macroF1(outcomes: readonly LabelOutcome[], indices: readonly number[]): number {
  const counts = new Map<string, { truePositive: number; falsePositive: number; falseNegative: number }>();
  const countsOf = (label: string) => {
    let entry = counts.get(label);
    if (entry === undefined) {
      entry = { truePositive: 0, falsePositive: 0, falseNegative: 0 };
      counts.set(label, entry);
    }
    return entry;
  };
  for (const index of indices) {
    const outcome = outcomes[index];
    if (outcome === undefined) continue;
    if (outcome.predicted === outcome.expected) countsOf(outcome.expected).truePositive += 1;
    else {
      countsOf(outcome.expected).falseNegative += 1;
      if (outcome.predicted !== undefined) countsOf(outcome.predicted).falsePositive += 1;
    }
  }
  if (counts.size === 0) return 0;
  let sum = 0;
  for (const { truePositive, falsePositive, falseNegative } of counts.values()) {
    const denominator = 2 * truePositive + falsePositive + falseNegative;
    sum += denominator === 0 ? 0 : (2 * truePositive) / denominator;
  }
  return sum / counts.size;
}

/**
 * Accuracy with a Wilson 95% interval and macro-F1 (mean F1 over the labels that occur as expected or predicted;
 * an answer without a label counts as a miss) with a percentile-bootstrap 95% interval of `resamples` draws
 * (default 1000) from `random`. Accuracy comes first: it is the score the optimiser maximises.
 */
export function classificationMetrics(options: {
  readonly outcomes: readonly LabelOutcome[];
  readonly random: Random;
  readonly resamples?: number | undefined;
}): readonly MetricValue[] {
  const { outcomes } = options;
  const correct = outcomes.filter((outcome) => outcome.predicted === outcome.expected).length;
  const accuracy = wilsonInterval({ successes: correct, total: outcomes.length });
  const f1 = bootstrapInterval({
    size: outcomes.length,
    statistic: (indices) => macroF1(outcomes, indices),
    random: options.random,
    resamples: options.resamples,
  });
  return [
    { name: "accuracy", ...accuracy },
    { name: "macro-f1", ...f1 },
  ];
}
