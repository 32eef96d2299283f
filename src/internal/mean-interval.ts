import type { Interval } from "./statistics.js";

/** Two-sided 95% quantiles of Student's t for 1–30 degrees of freedom (index = df − 1). */
const t975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** A mean with its 95% interval and how many values it is over. */
export interface MeanInterval extends Interval {
  readonly count: number;
}

/**
 * Mean of a few independent values (e.g. one per seed) with a 95% Student-t interval: mean ± t(0.975, n−1) · s / √n.
 * One value gives an interval of zero width at the value (no spread can be measured; callers should say so); none
 * gives undefined. Beyond 30 degrees of freedom the normal quantile 1.96 is used. `bounds` clips the interval to the
 * values a mean can take (e.g. [0, 1] for scores), since a few seeds give a wide t-interval.
 */
export function meanInterval(
  values: readonly number[],
  bounds: readonly [number, number] = [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
): MeanInterval | undefined {
  const count = values.length;
  if (count === 0) return undefined;
  const mean = values.reduce((sum, value) => sum + value, 0) / count;
  if (count === 1) return { value: mean, low: mean, high: mean, count };
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (count - 1);
  const half = (t975[count - 2] ?? 1.96) * Math.sqrt(variance / count);
  return { value: mean, low: Math.max(bounds[0], mean - half), high: Math.min(bounds[1], mean + half), count };
}
