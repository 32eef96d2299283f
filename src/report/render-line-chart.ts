import { type AxisScale, createChartFrame } from "./chart-frame.js";
import { seriesColor } from "./chart-palette.js";
import { escapeHtml } from "./escape-html.js";
import { renderLegend } from "./render-legend.js";

/** A named series of points; points are drawn in the given order, each with its interval as a whisker when given. */
export interface LineSeries {
  readonly name: string;
  readonly points: readonly {
    readonly x: number;
    readonly y: number;
    readonly low?: number | undefined;
    readonly high?: number | undefined;
  }[];
}

function domainOf(values: readonly number[], fallback: readonly [number, number]): [number, number] {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? [fallback[0], fallback[1]] : [Math.min(...finite), Math.max(...finite)];
}

/**
 * An SVG line chart with point markers, interval whiskers where points carry `low`/`high`, a legend and a hover title
 * on every point. Non-finite points are skipped.
 * `yDomain` defaults to the data range; pass `[0, 1]` for scores.
 */
export function renderLineChart(options: {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly LineSeries[];
  readonly yDomain?: readonly [number, number] | undefined;
  readonly xScale?: AxisScale | undefined;
  readonly xTicks?: readonly number[] | undefined;
  readonly formatY?: ((value: number) => string) | undefined;
  readonly width?: number | undefined;
  readonly height?: number | undefined;
}): string {
  const series = options.series.map((line) => ({
    name: line.name,
    points: line.points.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y)),
  }));
  const all = series.flatMap((line) =>
    line.points.flatMap((point) => [
      point,
      ...[point.low, point.high].flatMap((y) => (y === undefined || !Number.isFinite(y) ? [] : [{ x: point.x, y }])),
    ]),
  );
  const frame = createChartFrame({
    title: options.title,
    xLabel: options.xLabel,
    yLabel: options.yLabel,
    xDomain: domainOf(
      all.map((point) => point.x),
      [0, 1],
    ),
    yDomain:
      options.yDomain ??
      domainOf(
        all.map((point) => point.y),
        [0, 1],
      ),
    xScale: options.xScale,
    xTicks: options.xTicks,
    formatY: options.formatY,
    width: options.width,
    height: options.height,
  });
  const formatY = options.formatY ?? ((value: number) => value.toFixed(3));
  const marks = series.map((line, index) => {
    const color = seriesColor(index);
    const path = line.points.map((point) => `${frame.x(point.x).toFixed(1)},${frame.y(point.y).toFixed(1)}`).join(" ");
    const dots = line.points.map((point) => {
      const x = frame.x(point.x).toFixed(1);
      const hasInterval = point.low !== undefined && point.high !== undefined;
      const whisker = hasInterval
        ? `<line x1="${x}" x2="${x}" y1="${frame.y(point.low ?? point.y).toFixed(1)}" y2="${frame.y(point.high ?? point.y).toFixed(1)}" stroke="${color}" stroke-width="1.5" stroke-opacity="0.6"/>`
        : "";
      const interval = hasInterval ? ` [${formatY(point.low ?? point.y)}, ${formatY(point.high ?? point.y)}]` : "";
      return (
        `${whisker}<circle cx="${x}" cy="${frame.y(point.y).toFixed(1)}" r="3.5" fill="${color}">` +
        `<title>${escapeHtml(`${line.name}: ${point.x} → ${formatY(point.y)}${interval}`)}</title></circle>`
      );
    });
    return `<g class="series"><polyline points="${path}" fill="none" stroke="${color}" stroke-width="2"/>${dots.join("")}</g>`;
  });
  const legend = renderLegend({
    items: series.map((line, index) => ({ name: line.name, color: seriesColor(index), shape: "square" })),
    x: frame.plot.left,
    y: frame.legendY,
  });
  return `${frame.open}${marks.join("")}${legend}${frame.close}`;
}
