import { describe, expect, it } from "vitest";
import { niceTicks } from "./chart-frame.js";
import { renderStepsChart } from "./render-steps-chart.js";

describe("renderStepsChart", () => {
  const points = [
    { steps: 32, devScore: 0.8, testScore: 0.78, costUsd: 0.4 },
    { steps: 8, devScore: 0.7, testScore: 0.69, costUsd: 0.1 },
    { steps: 16, devScore: 0.75, costUsd: 0.2 },
  ];

  it("draws score and cost panels with a tick per step count", () => {
    const svg = renderStepsChart({ points });
    expect(svg.startsWith(`<svg xmlns="http://www.w3.org/2000/svg"`)).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    expect(svg).toContain("<title>Cost against diffusion steps</title>");
    for (const steps of ["8", "16", "32"]) expect(svg).toContain(`text-anchor="middle" fill="#555">${steps}</text>`);
    expect(svg).toContain("dev: 8 → 0.700");
    expect(svg).toContain("test: 32 → 0.780");
  });

  it("spaces doubling step counts evenly (log2 axis)", () => {
    const svg = renderStepsChart({ points });
    const xs = [...svg.matchAll(/<circle cx="([\d.]+)"[^>]*><title>dev: /g)].map((match) => Number(match[1]));
    expect(xs).toHaveLength(3);
    const [a = 0, b = 0, c = 0] = xs;
    expect(b - a).toBeCloseTo(c - b, 0);
  });

  it("plots DLM calls when every run was free", () => {
    const svg = renderStepsChart({ points: [{ steps: 8, devScore: 0.5, costUsd: 0, dlmCalls: 80 }] });
    expect(svg).toContain("DLM calls against diffusion steps");
  });
});

describe("niceTicks", () => {
  it("picks round values covering the range", () => {
    expect(niceTicks({ low: 0, high: 1, count: 4 })).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks({ low: 3, high: 3 })).toEqual([3]);
  });
});
