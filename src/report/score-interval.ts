import { createSeededRandom } from "../internal/seeded-random.js";
import { bootstrapInterval, type Interval, wilsonInterval } from "../internal/statistics.js";

/** A mean score with its 95% confidence interval and the number of examples behind it. */
export interface ScoreInterval extends Interval {
  readonly count: number;
}

/**
 * Mean of per-example scores in [0, 1] with a 95% interval: Wilson when every score is 0 or 1, else a percentile
 * bootstrap seeded by `seed` (so a report is the same every time it is rendered).
 */
export function scoreInterval(options: { readonly scores: readonly number[]; readonly seed: number }): ScoreInterval {
  const { scores } = options;
  const count = scores.length;
  if (scores.every((score) => score === 0 || score === 1)) {
    return { ...wilsonInterval({ successes: scores.filter((score) => score === 1).length, total: count }), count };
  }
  const interval = bootstrapInterval({
    size: count,
    statistic: (indices) => indices.reduce((sum, index) => sum + (scores[index] ?? 0), 0) / indices.length,
    random: createSeededRandom(options.seed),
  });
  return { ...interval, count };
}
