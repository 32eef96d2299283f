import { renderLineChart } from "./render-line-chart.js";

/** A measured value, alone or with its 95% interval (e.g. over seeds). */
export type Measured = number | { readonly value: number; readonly low: number; readonly high: number };

/** Result of one step count of a diffusion-step sweep (`dlmpo bench steps`). Scores in [0, 1]. */
export interface StepsPoint {
  /** Diffusion steps (≥ 1). */
  readonly steps: number;
  readonly devScore?: Measured | undefined;
  readonly testScore?: Measured | undefined;
  /** US dollars of a run. */
  readonly costUsd?: Measured | undefined;
  /** DLM forward passes of a run (native DLMs). */
  readonly forwardPasses?: Measured | undefined;
  /** Input + output tokens of a run's metered models. */
  readonly tokens?: Measured | undefined;
  readonly wallSeconds?: Measured | undefined;
}

type CostMeasure = "costUsd" | "forwardPasses" | "tokens" | "wallSeconds";

const measuredValue = (measured: Measured | undefined): number | undefined =>
  measured === undefined ? undefined : typeof measured === "number" ? measured : measured.value;

const costAxes: readonly { readonly measure: CostMeasure; readonly label: string; readonly title: string }[] = [
  { measure: "costUsd", label: "cost per run (USD)", title: "Cost (USD) against diffusion steps" },
  {
    measure: "forwardPasses",
    label: "DLM forward passes per run",
    title: "DLM forward passes against diffusion steps",
  },
  { measure: "tokens", label: "tokens per run", title: "Tokens against diffusion steps" },
  { measure: "wallSeconds", label: "wall-clock seconds per run", title: "Wall-clock time against diffusion steps" },
];

/**
 * One SVG with two panels for a step sweep: dev/test score against diffusion steps (log2 axis, a tick per step count)
 * and cost against steps — USD when any run cost money, else DLM forward passes, else tokens, else wall-clock time
 * (the first measure that was recorded and is not zero everywhere). Points with an interval get a whisker.
 */
export function renderStepsChart(options: { readonly points: readonly StepsPoint[]; readonly title?: string }): string {
  const points = [...options.points].sort((a, b) => a.steps - b.steps);
  const steps = points.map((point) => point.steps);
  const series = (name: string, pick: (point: StepsPoint) => Measured | undefined) => ({
    name,
    points: points.flatMap((point) => {
      const measured = pick(point);
      if (measured === undefined) return [];
      return typeof measured === "number"
        ? [{ x: point.steps, y: measured }]
        : [{ x: point.steps, y: measured.value, low: measured.low, high: measured.high }];
    }),
  });
  const scores = renderLineChart({
    title: options.title ?? "Score against diffusion steps",
    xLabel: "diffusion steps (log scale)",
    yLabel: "score (mean over seeds, 95% interval)",
    series: [series("dev", (point) => point.devScore), series("test", (point) => point.testScore)].filter(
      (line) => line.points.length > 0,
    ),
    yDomain: [0, 1],
    xScale: "log2",
    xTicks: steps,
  });
  const axis =
    costAxes.find((candidate) => points.some((point) => (measuredValue(point[candidate.measure]) ?? 0) > 0)) ??
    costAxes[costAxes.length - 1];
  const measure = axis?.measure ?? "wallSeconds";
  const cost = renderLineChart({
    title: axis?.title ?? "Cost against diffusion steps",
    xLabel: "diffusion steps (log scale)",
    yLabel: axis?.label ?? "cost",
    series: [series(axis?.label ?? measure, (point) => point[measure])],
    xScale: "log2",
    xTicks: steps,
    formatY: measure === "costUsd" ? (value) => `$${value.toFixed(value < 1 ? 4 : 2)}` : undefined,
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="steps-chart" width="1120" height="320" viewBox="0 0 1120 320">` +
    `<g>${scores}</g><g transform="translate(560 0)">${cost}</g></svg>`
  );
}
