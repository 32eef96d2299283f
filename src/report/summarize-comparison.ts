import { type MeanInterval, meanInterval } from "../internal/mean-interval.js";
import { mcnemarExact } from "../internal/statistics.js";
import type { Spend } from "../spec/events.js";

/** One finished run of a comparison (a method on a task with one seed), with its per-example test scores. */
export interface ComparisonMember {
  readonly task: string;
  readonly method: string;
  readonly seed: number;
  readonly runId: string;
  /** Per-example test scores of the run's final prompt, by example id. */
  readonly bestTest: Readonly<Record<string, number>>;
  /** Per-example test scores of the seed prompt on the same examples, when known. */
  readonly seedTest?: Readonly<Record<string, number>> | undefined;
  /** The run's own paired difference final − seed on test (`OptimizeResult.testComparison`), when it stored one. */
  readonly storedGain?: number | undefined;
  readonly spend: Spend;
}

/** Mean cost of one run of a method (over its seeds). */
export interface MethodCost {
  readonly targetCalls: number;
  readonly dlmCalls: number;
  readonly tokens: number;
  readonly costUsd: number;
  readonly wallMs: number;
}

/** One row of the comparison table: a method on a task, over its seeds. */
export interface MethodRow {
  readonly task: string;
  readonly method: string;
  readonly runs: number;
  /** Mean over seeds of each run's mean test score, with a 95% Student-t interval over seeds. */
  readonly testScore?: MeanInterval | undefined;
  /** Mean over seeds of (final − seed prompt) on the same test examples, with a 95% interval over seeds. */
  readonly gain?: MeanInterval | undefined;
  readonly cost: MethodCost;
}

/** Two methods on a task, paired over the test examples of every seed both finished. */
export interface PairRow {
  readonly task: string;
  readonly first: string;
  readonly second: string;
  /** Seeds both methods finished. */
  readonly seeds: number;
  readonly examples: number;
  /** Examples where the first method's prompt scored higher, lower, the same. */
  readonly wins: number;
  readonly losses: number;
  readonly ties: number;
  /** Mean of first − second over the paired examples. */
  readonly meanDifference: number;
  /** Two-sided exact sign test on wins against losses (McNemar's test when scores are 0/1). */
  readonly pValue: number;
}

/** The comparison table and pairwise wins of `dlmpo bench compare`. */
export interface ComparisonSummary {
  readonly rows: readonly MethodRow[];
  readonly pairs: readonly PairRow[];
}

const mean = (values: readonly number[]): number =>
  values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;

function meanScore(scores: Readonly<Record<string, number>>): number | undefined {
  const values = Object.values(scores);
  return values.length === 0 ? undefined : mean(values);
}

/** Final − seed on the examples both were scored on; the run's stored figure when it has one. */
function gainOf(member: ComparisonMember): number | undefined {
  if (member.storedGain !== undefined) return member.storedGain;
  const seed = member.seedTest;
  if (seed === undefined) return undefined;
  const shared = Object.keys(member.bestTest).filter((id) => id in seed);
  if (shared.length === 0) return undefined;
  return mean(shared.map((id) => (member.bestTest[id] ?? 0) - (seed[id] ?? 0)));
}

/**
 * Summarises the finished runs of a comparison (pure; same input, same output): per task and method the mean test
 * score and the mean gain over the seed prompt with 95% intervals over seeds, and mean cost per run; per task and pair
 * of methods the wins, losses and ties over test examples paired by seed and example id, with a sign-test p-value.
 * `methods` fixes the row order.
 */
export function summarizeComparison(options: {
  readonly members: readonly ComparisonMember[];
  readonly tasks: readonly string[];
  readonly methods: readonly string[];
}): ComparisonSummary {
  const { members, tasks, methods } = options;
  const of = (task: string, method: string) =>
    members.filter((member) => member.task === task && member.method === method);
  const rows = tasks.flatMap((task) =>
    methods.map((method): MethodRow => {
      const runs = of(task, method);
      const spend = (pick: (spend: Spend) => number): number => mean(runs.map((run) => pick(run.spend)));
      return {
        task,
        method,
        runs: runs.length,
        testScore: meanInterval(
          runs.flatMap((run) => meanScore(run.bestTest) ?? []),
          [0, 1],
        ),
        gain: meanInterval(
          runs.flatMap((run) => gainOf(run) ?? []),
          [-1, 1],
        ),
        cost: {
          targetCalls: spend((s) => s.targetCalls),
          dlmCalls: spend((s) => s.dlmCalls),
          tokens: spend((s) => s.inputTokens + s.outputTokens),
          costUsd: spend((s) => s.costUsd),
          wallMs: spend((s) => s.wallMs),
        },
      };
    }),
  );
  const pairs = tasks.flatMap((task) =>
    methods.flatMap((first, index) =>
      methods.slice(index + 1).map((second) => pairOf(task, of(task, first), of(task, second))),
    ),
  );
  return { rows, pairs: pairs.filter((pair) => pair.seeds > 0) };
}

function pairOf(
  task: string,
  firstRuns: readonly ComparisonMember[],
  secondRuns: readonly ComparisonMember[],
): PairRow {
  const differences: number[] = [];
  let seeds = 0;
  for (const first of firstRuns) {
    const second = secondRuns.find((run) => run.seed === first.seed);
    if (second === undefined) continue;
    seeds += 1;
    for (const [id, score] of Object.entries(first.bestTest)) {
      const other = second.bestTest[id];
      if (other !== undefined) differences.push(score - other);
    }
  }
  const wins = differences.filter((difference) => difference > 0).length;
  const losses = differences.filter((difference) => difference < 0).length;
  return {
    task,
    first: firstRuns[0]?.method ?? "",
    second: secondRuns[0]?.method ?? "",
    seeds,
    examples: differences.length,
    wins,
    losses,
    ties: differences.length - wins - losses,
    meanDifference: mean(differences),
    // The exact McNemar test is the sign test on wins against losses; it needs no 0/1 scores.
    pValue: mcnemarExact({ better: wins, worse: losses, alternative: "two-sided" }),
  };
}
