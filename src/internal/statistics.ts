import type { Random } from "../spec/runtime.js";

export interface Interval {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

/** Wilson score interval (95%) for a proportion of `successes` out of `total`. Total 0 → value 0, [0, 1]. */
export function wilsonInterval(options: { readonly successes: number; readonly total: number }): Interval {
  const { successes, total } = options;
  if (total === 0) return { value: 0, low: 0, high: 1 };
  const z = 1.959963984540054;
  const p = successes / total;
  const denominator = 1 + (z * z) / total;
  const centre = (p + (z * z) / (2 * total)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / total + (z * z) / (4 * total * total))) / denominator;
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Percentile bootstrap (95%) of a statistic over resampled indices. */
export function bootstrapInterval(options: {
  readonly size: number;
  readonly statistic: (indices: readonly number[]) => number;
  readonly random: Random;
  readonly resamples?: number | undefined;
}): Interval {
  const { size, statistic, random } = options;
  const all = Array.from({ length: size }, (_, index) => index);
  const value = statistic(all);
  if (size === 0) return { value, low: value, high: value };
  const resamples = options.resamples ?? 1000;
  const values: number[] = [];
  const indices = new Array<number>(size);
  for (let r = 0; r < resamples; r += 1) {
    for (let i = 0; i < size; i += 1) indices[i] = random.int(size);
    values.push(statistic(indices));
  }
  values.sort((a, b) => a - b);
  const at = (q: number): number => values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? value;
  return { value, low: at(0.025), high: at(0.975) };
}

/**
 * Paired bootstrap on per-example differences (child − parent).
 * Returns the mean difference and the share of resamples in which the mean difference is ≤ 0 (a one-sided p-value).
 */
export function pairedBootstrap(options: {
  readonly differences: readonly number[];
  readonly random: Random;
  readonly resamples?: number | undefined;
}): { readonly meanDifference: number; readonly pValue: number } {
  const { differences, random } = options;
  const n = differences.length;
  if (n === 0) return { meanDifference: 0, pValue: 1 };
  const mean = differences.reduce((sum, d) => sum + d, 0) / n;
  const resamples = options.resamples ?? 2000;
  let notBetter = 0;
  for (let r = 0; r < resamples; r += 1) {
    let sum = 0;
    for (let i = 0; i < n; i += 1) sum += differences[random.int(n)] ?? 0;
    if (sum <= 0) notBetter += 1;
  }
  return { meanDifference: mean, pValue: notBetter / resamples };
}
