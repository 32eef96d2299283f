import type { PairedTestName } from "../spec/events.js";
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
  // Clamped around p as well: rounding leaves ~1e-17 above 0 when p is 0 (and below 1 when p is 1).
  return { value: p, low: Math.min(p, Math.max(0, centre - half)), high: Math.max(p, Math.min(1, centre + half)) };
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

/** ln(n!) by summing logs; exact enough for the binomial tails below (n up to millions). */
function logFactorials(n: number): Float64Array {
  const table = new Float64Array(n + 1);
  for (let i = 2; i <= n; i += 1) table[i] = (table[i - 1] ?? 0) + Math.log(i);
  return table;
}

/** P(X ≥ k) for X ~ Binomial(n, 1/2), summed in log space so large n does not underflow. */
export function binomialHalfUpperTail(k: number, n: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  const logs = logFactorials(n);
  const logHalfPower = -n * Math.LN2;
  let total = 0;
  for (let i = k; i <= n; i += 1)
    total += Math.exp((logs[n] ?? 0) - (logs[i] ?? 0) - (logs[n - i] ?? 0) + logHalfPower);
  return Math.min(1, total);
}

/**
 * Exact McNemar test (exact binomial on the discordant pairs) of paired 0/1 outcomes. `better` counts pairs where the
 * new prompt is right and the old one wrong, `worse` the reverse. `greater` tests "the new prompt is better" (one-sided);
 * `two-sided` tests "they differ". No discordant pair gives p = 1.
 */
export function mcnemarExact(options: {
  readonly better: number;
  readonly worse: number;
  readonly alternative: "greater" | "two-sided";
}): number {
  const { better, worse } = options;
  const n = better + worse;
  if (n === 0) return 1;
  if (options.alternative === "greater") return binomialHalfUpperTail(better, n);
  const smaller = Math.min(better, worse);
  return Math.min(1, 2 * binomialHalfUpperTail(n - smaller, n));
}

/**
 * Holm's step-down adjusted p-values (family-wise error control for several tests at once): a hypothesis is rejected at
 * level α exactly when its adjusted p-value is ≤ α. Returned in the input order.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, index) => ({ p, index })).sort((a, b) => a.p - b.p || a.index - b.index);
  const adjusted = new Array<number>(m).fill(1);
  let running = 0;
  for (const [rank, { p, index }] of order.entries()) {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[index] = running;
  }
  return adjusted;
}

/**
 * Newcombe's hybrid score interval (95%, method 10 of Newcombe 1998) for the difference of two paired proportions
 * p1 − p2, from the 2×2 table of pairs: `both` right, `onlyFirst` right, `onlySecond` right, `neither`.
 */
export function newcombePairedInterval(table: {
  readonly both: number;
  readonly onlyFirst: number;
  readonly onlySecond: number;
  readonly neither: number;
}): Interval {
  const { both, onlyFirst, onlySecond, neither } = table;
  const n = both + onlyFirst + onlySecond + neither;
  if (n === 0) return { value: 0, low: -1, high: 1 };
  const first = wilsonInterval({ successes: both + onlyFirst, total: n });
  const second = wilsonInterval({ successes: both + onlySecond, total: n });
  const denominator = Math.sqrt(
    (both + onlyFirst) * (onlySecond + neither) * (both + onlySecond) * (onlyFirst + neither),
  );
  const phi = denominator === 0 ? 0 : (both * neither - onlyFirst * onlySecond) / denominator;
  const value = first.value - second.value;
  const below = Math.sqrt(
    Math.max(
      0,
      (first.value - first.low) ** 2 -
        2 * phi * (first.value - first.low) * (second.high - second.value) +
        (second.high - second.value) ** 2,
    ),
  );
  const above = Math.sqrt(
    Math.max(
      0,
      (first.high - first.value) ** 2 -
        2 * phi * (first.high - first.value) * (second.value - second.low) +
        (second.value - second.low) ** 2,
    ),
  );
  return { value, low: Math.max(-1, value - below), high: Math.min(1, value + above) };
}

/** A paired comparison of a new prompt against an old one on the same examples. */
export interface PairedComparison {
  readonly examples: number;
  readonly meanDifference: number;
  readonly interval95: readonly [number, number];
  readonly pValue: number;
  readonly test: PairedTestName;
}

const isBinary = (scores: readonly number[]): boolean => scores.every((score) => score === 0 || score === 1);

/**
 * Compares per-example scores of a new prompt (`after`) with an old one (`before`) on the same examples, aligned by
 * index. All scores 0/1: the exact McNemar test and Newcombe's interval. Otherwise the paired bootstrap (percentile
 * interval; p-value from the resampled means' sign). `greater` asks whether `after` is better (one-sided p-value);
 * `two-sided` whether they differ.
 */
export function comparePaired(options: {
  readonly before: readonly number[];
  readonly after: readonly number[];
  readonly alternative: "greater" | "two-sided";
  readonly random: Random;
  readonly resamples?: number | undefined;
}): PairedComparison {
  const { before, after, alternative } = options;
  const n = Math.min(before.length, after.length);
  const pairs = Array.from({ length: n }, (_, index) => [before[index] ?? 0, after[index] ?? 0] as const);
  const differences = pairs.map(([old, current]) => current - old);
  if (isBinary(pairs.flat())) {
    const count = (old: number, current: number): number =>
      pairs.filter((pair) => pair[0] === old && pair[1] === current).length;
    const table = { both: count(1, 1), onlyFirst: count(0, 1), onlySecond: count(1, 0), neither: count(0, 0) };
    const interval = newcombePairedInterval(table);
    const pValue = mcnemarExact({ better: table.onlyFirst, worse: table.onlySecond, alternative });
    return {
      examples: n,
      meanDifference: interval.value,
      interval95: [interval.low, interval.high],
      pValue,
      test: "mcnemar",
    };
  }
  const meanOfIndices = (indices: readonly number[]): number =>
    indices.length === 0 ? 0 : indices.reduce((sum, index) => sum + (differences[index] ?? 0), 0) / indices.length;
  const interval = bootstrapInterval({
    size: n,
    statistic: meanOfIndices,
    random: options.random.fork("interval"),
    resamples: options.resamples,
  });
  const greater = pairedBootstrap({ differences, random: options.random.fork("p"), resamples: options.resamples });
  const lessOrEqual = pairedBootstrap({
    differences: differences.map((difference) => -difference),
    random: options.random.fork("p"),
    resamples: options.resamples,
  });
  // (count + 1) / (resamples + 1): a resampled p-value is never 0, only below the resolution.
  const resamples = options.resamples ?? 2000;
  const honest = (share: number): number => (share * resamples + 1) / (resamples + 1);
  const pValue =
    alternative === "greater"
      ? honest(greater.pValue)
      : Math.min(1, 2 * Math.min(honest(greater.pValue), honest(lessOrEqual.pValue)));
  return {
    examples: n,
    meanDifference: interval.value,
    interval95: [interval.low, interval.high],
    pValue,
    test: "paired-bootstrap",
  };
}
