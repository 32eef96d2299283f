import { describe, expect, it } from "vitest";
import { createSeededRandom } from "./seeded-random.js";
import { pairedBootstrap, wilsonInterval } from "./statistics.js";

describe("wilsonInterval", () => {
  it("matches the textbook interval for 8 of 10", () => {
    const interval = wilsonInterval({ successes: 8, total: 10 });
    expect(interval.value).toBe(0.8);
    expect(interval.low).toBeCloseTo(0.4902, 3);
    expect(interval.high).toBeCloseTo(0.9433, 3);
  });
});

describe("pairedBootstrap", () => {
  it("gives a small p-value when the child wins on most examples", () => {
    const differences = [1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1];
    expect(pairedBootstrap({ differences, random: createSeededRandom(1) }).pValue).toBeLessThan(0.01);
  });
  it("gives a large p-value when the child loses", () => {
    const differences = [-1, 0, -1, 0, 1, -1];
    expect(pairedBootstrap({ differences, random: createSeededRandom(1) }).pValue).toBeGreaterThan(0.5);
  });
});

describe("createSeededRandom", () => {
  it("repeats for a seed and differs across seeds and forks", () => {
    const a = createSeededRandom(7);
    const b = createSeededRandom(7);
    const first = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(first);
    expect(createSeededRandom(8).next()).not.toBe(first[0]);
    expect(createSeededRandom(7).fork("x").next()).not.toBe(createSeededRandom(7).fork("y").next());
  });
});
