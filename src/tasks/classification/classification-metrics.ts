import { bootstrapInterval, wilsonInterval } from "../../internal/statistics.js";
import type { Random } from "../../spec/runtime.js";
import type { MetricValue } from "../../spec/task.js";

/** One scored example: the expected label and the parsed one (undefined when the answer had no label). */
export interface LabelOutcome {
  readonly expected: string;
  readonly predicted: string | undefined;
}

/**
 * Macro-F1 over resampled example indices. Labels are numbered once, so that each of the bootstrap's thousand resamples
 * only counts into small typed arrays; labels are summed in the order a resample first meets them, as a map would.
 */
function createMacroF1(outcomes: readonly LabelOutcome[]): (indices: readonly number[]) => number {
  const numbers = new Map<string, number>();
  const numberOf = (label: string): number => {
    let found = numbers.get(label);
    if (found === undefined) {
      found = numbers.size;
      numbers.set(label, found);
    }
    return found;
  };
  const expected = Int32Array.from(outcomes, (outcome) => numberOf(outcome.expected));
  const predicted = Int32Array.from(outcomes, (outcome) =>
    outcome.predicted === undefined ? -1 : numberOf(outcome.predicted),
  );
  const truePositive = new Int32Array(numbers.size);
  const falsePositive = new Int32Array(numbers.size);
  const falseNegative = new Int32Array(numbers.size);
  const seen = new Uint8Array(numbers.size);
  const order = new Int32Array(numbers.size);
  return (indices) => {
    truePositive.fill(0);
    falsePositive.fill(0);
    falseNegative.fill(0);
    seen.fill(0);
    let labels = 0;
    const meet = (label: number): void => {
      if (seen[label] === 1) return;
      seen[label] = 1;
      order[labels] = label;
      labels += 1;
    };
    for (const index of indices) {
      const want = expected[index];
      const got = predicted[index];
      if (want === undefined || got === undefined) continue;
      meet(want);
      if (got === want) truePositive[want] = (truePositive[want] ?? 0) + 1;
      else {
        falseNegative[want] = (falseNegative[want] ?? 0) + 1;
        if (got >= 0) {
          meet(got);
          falsePositive[got] = (falsePositive[got] ?? 0) + 1;
        }
      }
    }
    if (labels === 0) return 0;
    let sum = 0;
    for (let at = 0; at < labels; at += 1) {
      const label = order[at] ?? 0;
      const hits = truePositive[label] ?? 0;
      const denominator = 2 * hits + (falsePositive[label] ?? 0) + (falseNegative[label] ?? 0);
      sum += denominator === 0 ? 0 : (2 * hits) / denominator;
    }
    return sum / labels;
  };
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
    statistic: createMacroF1(outcomes),
    random: options.random,
    resamples: options.resamples,
  });
  return [
    { name: "accuracy", ...accuracy },
    { name: "macro-f1", ...f1 },
  ];
}
