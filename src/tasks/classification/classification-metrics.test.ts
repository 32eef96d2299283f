import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../../internal/seeded-random.js";
import { classificationMetrics } from "./classification-metrics.js";

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

  it("returns zeros for no outcomes", () => {
    const [accuracy, f1] = classificationMetrics({ outcomes: [], random: createSeededRandom(1) });
    expect(accuracy?.value).toBe(0);
    expect(f1?.value).toBe(0);
  });
});
