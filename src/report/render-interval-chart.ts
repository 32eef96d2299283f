import { createChartFrame } from "./chart-frame.js";
import { seriesColor } from "./chart-palette.js";
import { escapeHtml } from "./escape-html.js";

/** One category of an interval chart: a mean and its 95% interval (undefined when nothing finished). */
export interface IntervalBar {
  readonly name: string;
  readonly value?: number | undefined;
  readonly low?: number | undefined;
  readonly high?: number | undefined;
  /** Hover text of the mark (escaped). */
  readonly label: string;
}

/**
 * An SVG chart of means with 95% intervals, one category per x position (labelled by name), e.g. methods × test score.
 * Each mean is a dot, each interval a vertical whisker with caps; a category without a value shows only its label.
 */
export function renderIntervalChart(options: {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly bars: readonly IntervalBar[];
  readonly yDomain?: readonly [number, number] | undefined;
  readonly width?: number | undefined;
}): string {
  const { bars } = options;
  const positions = bars.map((_, index) => index + 1);
  const ys = bars.flatMap((bar) => [bar.low, bar.high, bar.value].filter((v): v is number => Number.isFinite(v)));
  const frame = createChartFrame({
    title: options.title,
    xLabel: options.xLabel,
    yLabel: options.yLabel,
    // Half a slot of room either side of the first and last category.
    xDomain: [0.5, bars.length + 0.5],
    yDomain: options.yDomain ?? (ys.length === 0 ? [0, 1] : [Math.min(...ys), Math.max(...ys)]),
    xTicks: positions,
    formatX: (value) => bars[value - 1]?.name ?? "",
    width: options.width ?? Math.max(560, 120 + bars.length * 90),
  });
  const marks = bars.map((bar, index) => {
    if (bar.value === undefined || !Number.isFinite(bar.value)) return "";
    const color = seriesColor(index);
    const x = frame.x(index + 1).toFixed(1);
    const whisker =
      bar.low === undefined || bar.high === undefined
        ? ""
        : [bar.low, bar.high]
            .map(
              (end) =>
                `<line x1="${Number(x) - 6}" x2="${Number(x) + 6}" y1="${frame.y(end).toFixed(1)}" y2="${frame.y(end).toFixed(1)}" stroke="${color}" stroke-width="2"/>`,
            )
            .join("") +
          `<line x1="${x}" x2="${x}" y1="${frame.y(bar.low).toFixed(1)}" y2="${frame.y(bar.high).toFixed(1)}" stroke="${color}" stroke-width="2"/>`;
    return (
      `<g class="interval">${whisker}<circle cx="${x}" cy="${frame.y(bar.value).toFixed(1)}" r="5" fill="${color}">` +
      `<title>${escapeHtml(bar.label)}</title></circle></g>`
    );
  });
  return `${frame.open}${marks.join("")}${frame.close}`;
}
