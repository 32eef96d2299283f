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
    expect(svg).toContain("<title>Cost (USD) against diffusion steps</title>");
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

  it("plots DLM forward passes when every run was free, with distinct readable y ticks", () => {
    const svg = renderStepsChart({
      points: [
        { steps: 8, devScore: 0.5, costUsd: 0, forwardPasses: { value: 8.2, low: 8, high: 8.4 }, wallSeconds: 3 },
        { steps: 16, devScore: 0.5, costUsd: 0, forwardPasses: { value: 8.9, low: 8.6, high: 9.2 }, wallSeconds: 3 },
      ],
    });
    expect(svg).toContain("<title>DLM forward passes against diffusion steps</title>");
    expect(svg).toContain("DLM forward passes per run");
    const costPanel = svg.slice(svg.indexOf('<g transform="translate(560 0)">'));
    const yTicks = [...costPanel.matchAll(/text-anchor="end" fill="#555">([^<]+)</g)].map((match) => match[1]);
    expect(yTicks.length).toBeGreaterThan(1);
    expect(new Set(yTicks).size).toBe(yTicks.length);
  });

  it("draws a whisker for a score with an interval over seeds", () => {
    const svg = renderStepsChart({ points: [{ steps: 8, devScore: { value: 0.6, low: 0.5, high: 0.7 } }] });
    expect(svg).toContain("dev: 8 → 0.600 [0.500, 0.700]");
    expect(svg).toMatch(/<line [^>]*stroke-opacity="0.6"\/><circle/);
  });

  it("falls back to wall-clock time when nothing else was measured", () => {
    const svg = renderStepsChart({ points: [{ steps: 8, devScore: 0.5, costUsd: 0, wallSeconds: 2 }] });
    expect(svg).toContain("Wall-clock time against diffusion steps");
  });
});

describe("niceTicks", () => {
  it("picks round values covering the range", () => {
    expect(niceTicks({ low: 0, high: 1, count: 4 })).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks({ low: 3, high: 3 })).toEqual([3]);
  });
});
