import type { ScoreInterval } from "./score-interval.js";

/** A score in [0, 1] with three decimals, or an en dash when unknown. */
export function formatScore(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(3);
}

/** `0.812 [0.774, 0.846] (n=400)` — a mean with its 95% interval and example count, or an en dash. */
export function formatInterval(interval: ScoreInterval | undefined): string {
  if (interval === undefined) return "–";
  return `${formatScore(interval.value)} [${formatScore(interval.low)}, ${formatScore(interval.high)}] (n=${interval.count})`;
}

/** US dollars with four decimals below one dollar, two above. */
export function formatUsd(value: number | undefined): string {
  if (value === undefined) return "–";
  return `$${value < 1 ? value.toFixed(4) : value.toFixed(2)}`;
}

/** A signed difference with three decimals (`+0.031`). */
export function formatDifference(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "–";
  return `${value >= 0 ? "+" : ""}${value.toFixed(3)}`;
}

/**
 * A p-value as a statement: `p = 0.042` with three decimals, `p < 0.001` below that (a resampled p-value of 0 only
 * means "below the resolution").
 */
export function formatPValue(value: number): string {
  return value < 0.001 ? "p < 0.001" : `p = ${value.toFixed(3)}`;
}
