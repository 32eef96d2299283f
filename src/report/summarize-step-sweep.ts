import { type MeanInterval, meanInterval } from "../internal/mean-interval.js";

/** One run of a step sweep: `steps` reverse steps with one seed. */
export interface StepRun {
  readonly steps: number;
  readonly seed: number;
  readonly runId: string;
  readonly devScore: number;
  /** Mean test score of the final prompt; undefined when the test was not scored. */
  readonly testScore?: number | undefined;
  readonly dlmCalls: number;
  readonly tokens: number;
  readonly costUsd: number;
  readonly wallMs: number;
  /**
   * DLM forward passes summed over every candidate the run sampled, the ones the proposer dropped (the fluency gate)
   * included; undefined when the proposer reports none (chat DLMs).
   */
  readonly forwardPasses?: number | undefined;
  /** Most forward passes any sampled candidate took: the reverse steps actually run; undefined when unknown. */
  readonly stepsRun?: number | undefined;
  /** Candidates the proposer sampled and dropped before scoring (their work is counted above); undefined when unknown. */
  readonly droppedCandidates?: number | undefined;
  /** Hashes of the candidates the run proposed, in order. */
  readonly candidateHashes: readonly string[];
}

/** One step count of the sweep over its seeds: means with 95% intervals over seeds. */
export interface StepRow {
  readonly steps: number;
  readonly runs: number;
  readonly devScore?: MeanInterval | undefined;
  readonly testScore?: MeanInterval | undefined;
  readonly forwardPasses?: MeanInterval | undefined;
  /** Most reverse steps any candidate of these runs actually ran (≤ `steps`). */
  readonly stepsRun?: number | undefined;
  readonly dlmCalls?: MeanInterval | undefined;
  /** Candidates dropped by the proposer per run. */
  readonly droppedCandidates?: MeanInterval | undefined;
  readonly tokens?: MeanInterval | undefined;
  readonly costUsd?: MeanInterval | undefined;
  readonly wallSeconds?: MeanInterval | undefined;
}

/** The sweep: the step counts that proposed candidates of their own, and what was left out and why. */
export interface StepSweepSummary {
  readonly rows: readonly StepRow[];
  /** Sentences for the user: step counts capped by the spans' slots, and step counts left out as repeats. */
  readonly warnings: readonly string[];
}

/** Most reverse steps any candidate of `runs` ran; undefined when none reported it. */
function stepsRunOf(runs: readonly StepRun[]): number | undefined {
  const known = runs.flatMap((run) => run.stepsRun ?? []);
  return known.length === 0 ? undefined : Math.max(...known);
}

/** Seed for seed the same candidates, and some at all (runs whose proposals were all dropped say nothing). */
const sameCandidates = (a: readonly StepRun[], b: readonly StepRun[]): boolean =>
  a.length === b.length &&
  a.some((run) => run.candidateHashes.length > 0) &&
  a.every((run) => {
    const other = b.find((candidate) => candidate.seed === run.seed);
    return other !== undefined && other.candidateHashes.join(",") === run.candidateHashes.join(",");
  });

/**
 * Summarises a step sweep (pure): per step count, score and cost means with 95% intervals over seeds. A step count
 * whose candidates ran fewer reverse steps than asked (the spans had fewer mask slots) gets a warning saying what ran;
 * one that proposed exactly the candidates of a smaller step count, seed for seed, is left out of the rows (it would
 * repeat that point) with a warning, so every row reported stands for candidates of its own.
 */
export function summarizeStepSweep(runs: readonly StepRun[]): StepSweepSummary {
  const stepCounts = [...new Set(runs.map((run) => run.steps))].sort((a, b) => a - b);
  const warnings: string[] = [];
  const kept: { steps: number; runs: StepRun[] }[] = [];
  for (const steps of stepCounts) {
    const group = runs.filter((run) => run.steps === steps);
    const stepsRun = stepsRunOf(group);
    if (stepsRun !== undefined && stepsRun < steps)
      warnings.push(
        `steps ${steps}: candidates ran at most ${stepsRun} reverse steps, not ${steps} (the sampler commits at least one slot per step, so a span set with fewer mask slots than steps, or threshold decoding, ends early). Raise --min-slots (or --slots) to make ${steps} steps count.`,
      );
    const repeated = kept.find((earlier) => sameCandidates(earlier.runs, group));
    if (repeated !== undefined) {
      warnings.push(`steps ${steps} proposed the same candidates as steps ${repeated.steps} for every seed; left out.`);
      continue;
    }
    kept.push({ steps, runs: group });
  }
  const defined = (values: readonly (number | undefined)[]): number[] =>
    values.filter((value): value is number => value !== undefined);
  const rows = kept.map(({ steps, runs: group }): StepRow => {
    const stepsRun = stepsRunOf(group);
    return {
      steps,
      runs: group.length,
      devScore: meanInterval(
        group.map((run) => run.devScore),
        [0, 1],
      ),
      testScore: meanInterval(defined(group.map((run) => run.testScore)), [0, 1]),
      forwardPasses: meanInterval(defined(group.map((run) => run.forwardPasses)), [0, Number.POSITIVE_INFINITY]),
      ...(stepsRun === undefined ? {} : { stepsRun }),
      dlmCalls: meanInterval(group.map((run) => run.dlmCalls)),
      droppedCandidates: meanInterval(defined(group.map((run) => run.droppedCandidates)), [
        0,
        Number.POSITIVE_INFINITY,
      ]),
      tokens: meanInterval(
        group.map((run) => run.tokens),
        [0, Number.POSITIVE_INFINITY],
      ),
      costUsd: meanInterval(
        group.map((run) => run.costUsd),
        [0, Number.POSITIVE_INFINITY],
      ),
      wallSeconds: meanInterval(
        group.map((run) => run.wallMs / 1000),
        [0, Number.POSITIVE_INFINITY],
      ),
    };
  });
  return { rows, warnings };
}
