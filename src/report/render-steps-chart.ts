import { renderLineChart } from "./render-line-chart.js";

/** Result of one run of a diffusion-step sweep (`dlmpo bench steps`). Scores in [0, 1]; cost in USD. */
export interface StepsPoint {
  /** Diffusion steps of the run (≥ 1). */
  readonly steps: number;
  readonly devScore?: number | undefined;
  readonly testScore?: number | undefined;
  readonly costUsd?: number | undefined;
  /** DLM forward passes or calls, when cost in USD is zero (local models). */
  readonly dlmCalls?: number | undefined;
}

/**
 * One SVG with two panels for a step sweep: final dev/test score against diffusion steps (log2 axis) and cost
 * against steps (USD, or DLM calls when every run cost nothing). Points are sorted by steps.
 */
export function renderStepsChart(options: { readonly points: readonly StepsPoint[]; readonly title?: string }): string {
  const points = [...options.points].sort((a, b) => a.steps - b.steps);
  const steps = points.map((point) => point.steps);
  const series = (name: string, pick: (point: StepsPoint) => number | undefined) => ({
    name,
    points: points.flatMap((point) => {
      const value = pick(point);
      return value === undefined ? [] : [{ x: point.steps, y: value }];
    }),
  });
  const scores = renderLineChart({
    title: options.title ?? "Score against diffusion steps",
    xLabel: "diffusion steps",
    yLabel: "score",
    series: [series("dev", (point) => point.devScore), series("test", (point) => point.testScore)].filter(
      (line) => line.points.length > 0,
    ),
    yDomain: [0, 1],
    xScale: "log2",
    xTicks: steps,
  });
  const paid = points.some((point) => (point.costUsd ?? 0) > 0);
  const cost = renderLineChart({
    title: paid ? "Cost against diffusion steps" : "DLM calls against diffusion steps",
    xLabel: "diffusion steps",
    yLabel: paid ? "cost (USD)" : "DLM calls",
    series: [paid ? series("cost (USD)", (point) => point.costUsd) : series("DLM calls", (point) => point.dlmCalls)],
    xScale: "log2",
    xTicks: steps,
    formatY: paid ? (value) => `$${value.toFixed(2)}` : (value) => String(Math.round(value)),
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="steps-chart" width="1120" height="320" viewBox="0 0 1120 320">` +
    `<g>${scores}</g><g transform="translate(560 0)">${cost}</g></svg>`
  );
}
