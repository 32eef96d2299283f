import { describe, expect, it } from "vitest";
import { meanInterval } from "./mean-interval.js";

describe("meanInterval", () => {
  it("gives the Student-t 95% interval of a mean over a few values", () => {
    const interval = meanInterval([0.7, 0.8, 0.9]);
    // s = 0.1, n = 3, t(0.975, 2) = 4.303 → half width 4.303 · 0.1 / √3 ≈ 0.2484.
    expect(interval?.value).toBeCloseTo(0.8, 10);
    expect(interval?.low).toBeCloseTo(0.8 - 0.24844, 4);
    expect(interval?.high).toBeCloseTo(0.8 + 0.24844, 4);
    expect(interval?.count).toBe(3);
  });

  it("clips the interval to the bounds a mean can take", () => {
    const interval = meanInterval([0.9, 1, 1], [0, 1]);
    expect(interval?.high).toBe(1);
    expect(interval?.low).toBeLessThan(0.9);
  });

  it("collapses to the value for one value and is undefined for none", () => {
    expect(meanInterval([0.5])).toEqual({ value: 0.5, low: 0.5, high: 0.5, count: 1 });
    expect(meanInterval([])).toBeUndefined();
  });

  it("uses the normal quantile beyond 30 degrees of freedom", () => {
    const values = Array.from({ length: 41 }, (_, index) => index % 2);
    const interval = meanInterval(values);
    const mean = 20 / 41;
    const sd = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / 40);
    expect((interval?.high ?? 0) - mean).toBeCloseTo((1.96 * sd) / Math.sqrt(41), 10);
  });
});
