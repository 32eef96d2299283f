import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../../internal/seeded-random.js";
import { passHatK, passHatKCurve } from "./pass-hat-k.js";

describe("passHatK", () => {
  // Task A: 3 of 4 trials succeed; task B: 1 of 4; task C: 4 of 4.
  const successes = [
    [true, true, false, true],
    [0, 0, 1, 0],
    [1, 1, 1, 1],
  ];

  it("averages c/n over tasks for k = 1", () => {
    expect(passHatK({ successes, k: 1 })).toBeCloseTo((3 / 4 + 1 / 4 + 1) / 3, 12);
  });

  it("uses C(c,k)/C(n,k) for k = 2 and 3", () => {
    // C(3,2)/C(4,2) = 3/6, C(1,2) = 0, C(4,2)/C(4,2) = 1.
    expect(passHatK({ successes, k: 2 })).toBeCloseTo((0.5 + 0 + 1) / 3, 12);
    // C(3,3)/C(4,3) = 1/4.
    expect(passHatK({ successes, k: 3 })).toBeCloseTo((0.25 + 0 + 1) / 3, 12);
  });

  it("counts only tasks whose every trial succeeded for k = n", () => {
    expect(passHatK({ successes, k: 4 })).toBeCloseTo(1 / 3, 12);
  });

  it("leaves out tasks with fewer than k trials and returns 0 with no tasks", () => {
    expect(passHatK({ successes: [[1], [1, 0]], k: 2 })).toBe(0);
    expect(passHatK({ successes: [], k: 1 })).toBe(0);
  });

  it("gives a curve pass^1..pass^n whose intervals contain the value", () => {
    const curve = passHatKCurve({ successes, random: createSeededRandom(7), resamples: 200 });
    expect(curve.map((metric) => metric.name)).toEqual(["pass^1", "pass^2", "pass^3", "pass^4"]);
    expect(curve[1]?.value).toBeCloseTo(0.5, 12);
    for (const metric of curve) {
      expect(metric.low).toBeLessThanOrEqual(metric.value);
      expect(metric.high).toBeGreaterThanOrEqual(metric.value);
    }
  });

  it("gives all-failed tasks Wilson's interval, not a collapsed [0, 0]", () => {
    const [pass1] = passHatKCurve({ successes: [[0], [0], [0]], random: createSeededRandom(1), resamples: 200 });
    expect(pass1).toMatchObject({ value: 0, low: 0 });
    expect(pass1?.high).toBeCloseTo(0.561, 3);
  });
});
