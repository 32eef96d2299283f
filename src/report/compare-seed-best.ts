import type { ExampleResult } from "../spec/store.js";
import { readTrace, type TraceView } from "./read-trace.js";
import { type ScoreInterval, scoreInterval } from "./score-interval.js";

/** Seed and best prompt on one split, each with a 95% interval, from the per-example results. */
export interface SplitComparison {
  readonly split: string;
  readonly seed?: ScoreInterval | undefined;
  readonly best?: ScoreInterval | undefined;
}

/** An example scored on both seed and best whose correctness changed (score ≥ 0.5 counts as right). */
export interface FlippedExample {
  readonly exampleId: string;
  readonly seedScore: number;
  readonly bestScore: number;
  readonly seedTrace: TraceView;
  readonly bestTrace: TraceView;
}

/** Examples of one split that flipped between the seed and the best prompt. */
export interface FlipSet {
  readonly split: string;
  readonly wrongToRight: readonly FlippedExample[];
  readonly rightToWrong: readonly FlippedExample[];
}

const splitOrder = ["train", "dev", "test"];

function splitsOf(results: readonly ExampleResult[]): string[] {
  const splits = [...new Set(results.map((result) => result.split))];
  const rank = (split: string): number => {
    const index = splitOrder.indexOf(split);
    return index === -1 ? splitOrder.length : index;
  };
  return splits.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function byExample(results: readonly ExampleResult[], hash: string, split: string): Map<string, ExampleResult> {
  const map = new Map<string, ExampleResult>();
  for (const result of results)
    if (result.candidateHash === hash && result.split === split) map.set(result.exampleId, result);
  return map;
}

/** Seed-versus-best scores with intervals per held-out split that has results (dev, test, then others; train only alone). */
export function compareSplits(options: {
  readonly results: readonly ExampleResult[];
  readonly seedHash: string | undefined;
  readonly bestHash: string | undefined;
  /** Seeds the bootstrap, so the same run always renders the same intervals. */
  readonly seed: number;
}): SplitComparison[] {
  const { results, seedHash, bestHash, seed } = options;
  const interval = (hash: string | undefined, split: string): ScoreInterval | undefined => {
    if (hash === undefined) return undefined;
    const scores = [...byExample(results, hash, split).values()].map((result) => result.score);
    return scores.length === 0 ? undefined : scoreInterval({ scores, seed });
  };
  const splits = splitsOf(results);
  // Train minibatches differ between prompts; train is compared only when it is all there is (an eval on train).
  const fair = splits.some((split) => split !== "train") ? splits.filter((split) => split !== "train") : splits;
  return fair
    .map((split) => ({ split, seed: interval(seedHash, split), best: interval(bestHash, split) }))
    .filter((comparison) => comparison.seed !== undefined || comparison.best !== undefined);
}

/** Examples whose correctness changed between seed and best, per held-out split (not train), in example-id order. */
export function findFlips(options: {
  readonly results: readonly ExampleResult[];
  readonly seedHash: string | undefined;
  readonly bestHash: string | undefined;
}): FlipSet[] {
  const { results, seedHash, bestHash } = options;
  if (seedHash === undefined || bestHash === undefined || seedHash === bestHash) return [];
  const sets: FlipSet[] = [];
  // Train minibatches differ from round to round, so only the held-out splits give a fair before/after.
  for (const split of splitsOf(results).filter((name) => name !== "train")) {
    const seedResults = byExample(results, seedHash, split);
    const bestResults = byExample(results, bestHash, split);
    const wrongToRight: FlippedExample[] = [];
    const rightToWrong: FlippedExample[] = [];
    const ids = [...seedResults.keys()].filter((id) => bestResults.has(id)).sort();
    for (const exampleId of ids) {
      const before = seedResults.get(exampleId);
      const after = bestResults.get(exampleId);
      if (before === undefined || after === undefined) continue;
      const flip = {
        exampleId,
        seedScore: before.score,
        bestScore: after.score,
        seedTrace: readTrace(before.trace),
        bestTrace: readTrace(after.trace),
      };
      if (before.score < 0.5 && after.score >= 0.5) wrongToRight.push(flip);
      if (before.score >= 0.5 && after.score < 0.5) rightToWrong.push(flip);
    }
    if (ids.length > 0) sets.push({ split, wrongToRight, rightToWrong });
  }
  return sets;
}
