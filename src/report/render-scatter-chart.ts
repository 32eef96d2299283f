import { createChartFrame } from "./chart-frame.js";
import { seriesColor } from "./chart-palette.js";
import { escapeHtml } from "./escape-html.js";
import { renderLegend } from "./render-legend.js";

/** A group of points sharing a colour and legend entry; `label` becomes the point's hover title (escaped). */
export interface ScatterGroup {
  readonly name: string;
  readonly points: readonly { readonly x: number; readonly y: number; readonly label: string }[];
}

/** An SVG scatter plot with one colour per group (the first group drawn on top), a legend, and a hover title per point. */
export function renderScatterChart(options: {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly groups: readonly ScatterGroup[];
  readonly yDomain?: readonly [number, number] | undefined;
}): string {
  const all = options.groups
    .flatMap((group) => group.points)
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const xs = all.map((point) => point.x);
  const ys = all.map((point) => point.y);
  const frame = createChartFrame({
    title: options.title,
    xLabel: options.xLabel,
    yLabel: options.yLabel,
    xDomain: xs.length === 0 ? [0, 1] : [Math.min(0, ...xs), Math.max(...xs)],
    yDomain: options.yDomain ?? (ys.length === 0 ? [0, 1] : [Math.min(...ys), Math.max(...ys)]),
  });
  const marks = options.groups.map((group, index) => {
    const color = seriesColor(index);
    const dots = group.points
      .filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y))
      .map(
        (point) =>
          `<circle cx="${frame.x(point.x).toFixed(1)}" cy="${frame.y(point.y).toFixed(1)}" r="4" fill="${color}" fill-opacity="0.75" stroke="#fff" stroke-width="0.5">` +
          `<title>${escapeHtml(point.label)}</title></circle>`,
      );
    return `<g class="group">${dots.join("")}</g>`;
  });
  // Earlier groups (the seed, accepted prompts) are drawn last, on top of the many declined ones.
  marks.reverse();
  const legend = renderLegend({
    items: options.groups.map((group, index) => ({
      name: `${group.name} (${group.points.length})`,
      color: seriesColor(index),
      shape: "dot",
    })),
    x: frame.plot.left,
    y: frame.legendY,
  });
  return `${frame.open}${marks.join("")}${legend}${frame.close}`;
}
