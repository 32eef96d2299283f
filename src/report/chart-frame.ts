import { escapeHtml } from "./escape-html.js";

/** Axis scale: `linear`, or `log2` for quantities that double (diffusion steps). */
export type AxisScale = "linear" | "log2";

/** Plot area of an SVG chart: value → pixel mappings and the SVG text of the frame around the data. */
export interface ChartFrame {
  readonly x: (value: number) => number;
  readonly y: (value: number) => number;
  /** Opening `<svg>` with title, grid, axes, ticks and labels; data marks go between `open` and `close`. */
  readonly open: string;
  readonly close: string;
  readonly plot: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number };
  /** Baseline of the legend row under the x-axis label. */
  readonly legendY: number;
}

export interface ChartFrameOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  /** Data range per axis; a zero-width range is widened so that a single value still plots. */
  readonly xDomain: readonly [number, number];
  readonly yDomain: readonly [number, number];
  readonly xScale?: AxisScale | undefined;
  /** Exact x tick values (e.g. the step counts); default: about five round numbers. */
  readonly xTicks?: readonly number[] | undefined;
  readonly formatY?: ((value: number) => string) | undefined;
  /** Label of an x tick (e.g. a method's name at its position); default the number. */
  readonly formatX?: ((value: number) => string) | undefined;
  /** Pixels; default 560 × 320. */
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}

/** About `count` round tick values covering [low, high]. */
export function niceTicks(options: { readonly low: number; readonly high: number; readonly count?: number }): number[] {
  const { low, high } = options;
  const span = high - low;
  if (!(span > 0)) return [low];
  const rough = span / (options.count ?? 5);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? rough;
  const ticks: number[] = [];
  for (let value = Math.ceil(low / step) * step; value <= high + step * 1e-9; value += step)
    ticks.push(Number(value.toPrecision(12)));
  return ticks;
}

function widen(domain: readonly [number, number]): [number, number] {
  const [low, high] = domain;
  if (high > low) return [low, high];
  const pad = low === 0 ? 1 : Math.abs(low) * 0.1;
  return [low - pad, high + pad];
}

const formatNumber = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(2));

/** Builds the frame of a chart: scales, grid lines, tick labels, axis labels and an accessible title. */
export function createChartFrame(options: ChartFrameOptions): ChartFrame {
  const width = options.width ?? 560;
  const height = options.height ?? 320;
  // Room under the plot for tick labels, the axis label and a legend row.
  const plot = { left: 56, right: width - 16, top: 32, bottom: height - 62 };
  const logX = options.xScale === "log2";
  const toX = (value: number): number => (logX ? Math.log2(Math.max(value, Number.MIN_VALUE)) : value);
  const [xLow, xHigh] = widen([toX(options.xDomain[0]), toX(options.xDomain[1])]);
  const [yLow, yHigh] = widen(options.yDomain);
  const x = (value: number): number => plot.left + ((toX(value) - xLow) / (xHigh - xLow)) * (plot.right - plot.left);
  const y = (value: number): number => plot.bottom - ((value - yLow) / (yHigh - yLow)) * (plot.bottom - plot.top);
  const formatY = options.formatY ?? formatNumber;
  const formatX = options.formatX ?? formatNumber;
  const xTicks =
    options.xTicks ?? (logX ? [] : niceTicks({ low: xLow, high: xHigh })).filter((v) => v >= xLow && v <= xHigh);
  const yTicks = niceTicks({ low: yLow, high: yHigh, count: 4 });
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(options.title)}">`,
    `<title>${escapeHtml(options.title)}</title>`,
    `<text x="${plot.left}" y="18" font-size="13" font-weight="bold" fill="#222">${escapeHtml(options.title)}</text>`,
    ...yTicks.map(
      (tick) =>
        `<line x1="${plot.left}" x2="${plot.right}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="#e4e4e4"/>` +
        `<text x="${plot.left - 6}" y="${(y(tick) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#555">${escapeHtml(formatY(tick))}</text>`,
    ),
    ...xTicks.map(
      (tick) =>
        `<line x1="${x(tick).toFixed(1)}" x2="${x(tick).toFixed(1)}" y1="${plot.bottom}" y2="${plot.bottom + 4}" stroke="#888"/>` +
        `<text x="${x(tick).toFixed(1)}" y="${plot.bottom + 16}" font-size="11" text-anchor="middle" fill="#555">${escapeHtml(formatX(tick))}</text>`,
    ),
    `<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}" stroke="#888"/>`,
    `<line x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" y2="${plot.bottom}" stroke="#888"/>`,
    `<text x="${(plot.left + plot.right) / 2}" y="${plot.bottom + 32}" font-size="12" text-anchor="middle" fill="#333">${escapeHtml(options.xLabel)}</text>`,
    `<text transform="translate(14 ${(plot.top + plot.bottom) / 2}) rotate(-90)" font-size="12" text-anchor="middle" fill="#333">${escapeHtml(options.yLabel)}</text>`,
  ];
  return { x, y, open: parts.join(""), close: "</svg>", plot, legendY: height - 8 };
}
