import { bootstrapInterval, wilsonInterval } from "../../internal/statistics.js";
import type { Random } from "../../spec/runtime.js";
import type { MetricValue } from "../../spec/task.js";

/** Binomial coefficient C(n, k) as a float (exact for the small n of trials). */
function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let index = 1; index <= k; index += 1) result = (result * (n - k + index)) / index;
  return result;
}

/**
 * pass^k of tau-bench: for each task with n trials of which c succeeded, the chance that k trials drawn without
 * replacement all succeed, C(c, k) / C(n, k); averaged over tasks. `successes[t]` lists task t's trial outcomes
 * (true/1 = reward 1). k in 1..min n. Tasks with fewer than k trials are left out; no tasks → 0.
 */
export function passHatK(options: {
  readonly successes: readonly (readonly (boolean | number)[])[];
  readonly k: number;
}): number {
  const eligible = options.successes.filter((trials) => trials.length >= options.k);
  if (eligible.length === 0) return 0;
  let sum = 0;
  for (const trials of eligible) {
    const c = trials.filter((outcome) => outcome === true || outcome === 1).length;
    sum += choose(c, options.k) / choose(trials.length, options.k);
  }
  return sum / eligible.length;
}

/**
 * pass^1 … pass^n (n = the largest trial count) with 95% bootstrap intervals over tasks (resampling tasks with
 * `random`, 1000 resamples). When every task scores 0 (or every task 1), resampling cannot vary and would claim
 * `[0, 0]`; the interval is then Wilson's over the tasks, as for any proportion. Names are `pass^1`, `pass^2`, ….
 */
export function passHatKCurve(options: {
  readonly successes: readonly (readonly (boolean | number)[])[];
  readonly random: Random;
  readonly resamples?: number | undefined;
}): MetricValue[] {
  const { successes } = options;
  const maxTrials = successes.reduce((max, trials) => Math.max(max, trials.length), 0);
  const metrics: MetricValue[] = [];
  for (let k = 1; k <= maxTrials; k += 1) {
    const interval = bootstrapInterval({
      size: successes.length,
      statistic: (indices) => passHatK({ successes: indices.map((index) => successes[index] ?? []), k }),
      random: options.random.fork(`pass^${k}`),
      resamples: options.resamples,
    });
    const eligible = successes.filter((trials) => trials.length >= k).length;
    const { low, high } =
      (interval.value === 0 || interval.value === 1) && eligible > 0
        ? wilsonInterval({ successes: interval.value * eligible, total: eligible })
        : interval;
    metrics.push({ name: `pass^${k}`, value: interval.value, low, high });
  }
  return metrics;
}
