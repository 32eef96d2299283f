import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../../internal/seeded-random.js";
import { bootstrapInterval } from "../../internal/statistics.js";
import { classificationMetrics, type LabelOutcome } from "./classification-metrics.js";

/** The definition of macro-F1 over resampled indices, written plainly (labels summed in the order first met). */
function referenceMacroF1(outcomes: readonly LabelOutcome[], indices: readonly number[]): number {
  const counts = new Map<string, { hit: number; falsePositive: number; falseNegative: number }>();
  const of = (label: string) =>
    counts.get(label) ?? counts.set(label, { hit: 0, falsePositive: 0, falseNegative: 0 }).get(label);
  for (const index of indices) {
    const { expected, predicted } = outcomes[index] ?? { expected: "", predicted: "" };
    const want = of(expected);
    if (want === undefined) continue;
    if (predicted === expected) want.hit += 1;
    else {
      want.falseNegative += 1;
      if (predicted !== undefined) {
        const got = of(predicted);
        if (got !== undefined) got.falsePositive += 1;
      }
    }
  }
  let sum = 0;
  for (const { hit, falsePositive, falseNegative } of counts.values())
    sum += 2 * hit + falsePositive + falseNegative === 0 ? 0 : (2 * hit) / (2 * hit + falsePositive + falseNegative);
  return counts.size === 0 ? 0 : sum / counts.size;
}

const outcome = (expected: string, predicted: string | undefined) => ({ expected, predicted });

describe("classificationMetrics", () => {
  it("computes accuracy and macro-F1 with intervals around them", () => {
    const outcomes = [
      outcome("a", "a"),
      outcome("a", "a"),
      outcome("a", "b"),
      outcome("b", "b"),
      outcome("b", undefined),
      outcome("b", "b"),
    ];
    const [accuracy, f1] = classificationMetrics({ outcomes, random: createSeededRandom(3) });
    expect(accuracy?.name).toBe("accuracy");
    expect(accuracy?.value).toBeCloseTo(4 / 6);
    // F1(a) = 2·2/(2·2+0+1) = 0.8; F1(b) = 2·2/(2·2+1+1) = 2/3.
    expect(f1?.name).toBe("macro-f1");
    expect(f1?.value).toBeCloseTo((0.8 + 2 / 3) / 2);
    for (const metric of [accuracy, f1]) {
      expect(metric?.low).toBeLessThanOrEqual(metric?.value ?? Number.NaN);
      expect(metric?.high).toBeGreaterThanOrEqual(metric?.value ?? Number.NaN);
      expect(metric?.high ?? 0).toBeGreaterThan(metric?.low ?? 1);
    }
  });

  it("gives a perfect score with a narrow interval when all answers are right", () => {
    const outcomes = Array.from({ length: 200 }, (_, index) => outcome(index % 2 ? "a" : "b", index % 2 ? "a" : "b"));
    const [accuracy, f1] = classificationMetrics({ outcomes, random: createSeededRandom(1) });
    expect(accuracy?.value).toBe(1);
    expect(accuracy?.low).toBeGreaterThan(0.97);
    expect(f1).toEqual({ name: "macro-f1", value: 1, low: 1, high: 1 });
  });

  it("gives exactly the plain definition's macro-F1 interval for the same draws", () => {
    const labels = ["pos", "neg", "neutral", "mixed"];
    const random = createSeededRandom(9);
    for (let trial = 0; trial < 20; trial += 1) {
      const outcomes = Array.from({ length: 1 + random.int(300) }, () =>
        outcome(labels[random.int(4)] ?? "pos", random.next() < 0.1 ? undefined : labels[random.int(4)]),
      );
      const [, f1] = classificationMetrics({ outcomes, random: createSeededRandom(trial), resamples: 200 });
      const expected = bootstrapInterval({
        size: outcomes.length,
        statistic: (indices) => referenceMacroF1(outcomes, indices),
        random: createSeededRandom(trial),
        resamples: 200,
      });
      expect(f1).toEqual({ name: "macro-f1", ...expected });
    }
  });

  it("returns zeros for no outcomes", () => {
    const [accuracy, f1] = classificationMetrics({ outcomes: [], random: createSeededRandom(1) });
    expect(accuracy?.value).toBe(0);
    expect(f1?.value).toBe(0);
  });
});
