import { describe, expect, it } from "vitest";
import { pythonRound } from "./python-round.js";

describe("pythonRound", () => {
  it("rounds the stored binary value, ties to even", () => {
    expect(pythonRound({ value: 0.125, digits: 2 })).toBe(0.12);
    expect(pythonRound({ value: 0.375, digits: 2 })).toBe(0.38);
    expect(pythonRound({ value: 2.675, digits: 2 })).toBe(2.67);
    expect(pythonRound({ value: 1.005, digits: 2 })).toBe(1);
    expect(pythonRound({ value: -0.125, digits: 2 })).toBe(-0.12);
    expect(pythonRound({ value: 2.5, digits: 0 })).toBe(2);
    expect(pythonRound({ value: 1819.92 + 0.1, digits: 2 })).toBe(1820.02);
  });
});
