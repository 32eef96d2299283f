/** Colours of data series, chosen to stay distinguishable for common colour-vision deficiencies (Okabe–Ito). */
export const chartPalette: readonly string[] = [
  "#0072b2",
  "#e69f00",
  "#009e73",
  "#d55e00",
  "#cc79a7",
  "#56b4e9",
  "#f0e442",
  "#000000",
];

/** The palette colour for series `index` (wraps around). */
export function seriesColor(index: number): string {
  return chartPalette[index % chartPalette.length] ?? "#000000";
}
