import type { ExampleResult } from "../spec/store.js";
import type { FlippedExample } from "./compare-seed-best.js";
import { readTrace } from "./read-trace.js";

/**
 * The held-out examples (test first, then dev) whose score moved most between the seed and the best prompt, largest
 * move first (ties by example id), at most `limit` (default 10); examples whose score did not move are left out. For
 * judged replay these are the conversations whose judged reply changed most: both replies and the judge's reasons.
 */
export function findLargestChanges(options: {
  readonly results: readonly ExampleResult[];
  readonly seedHash: string | undefined;
  readonly bestHash: string | undefined;
  readonly limit?: number | undefined;
}): { readonly split: string; readonly examples: readonly FlippedExample[] } | undefined {
  const { results, seedHash, bestHash } = options;
  if (seedHash === undefined || bestHash === undefined || seedHash === bestHash) return undefined;
  for (const split of ["test", "dev"]) {
    const seed = new Map(
      results.filter((one) => one.candidateHash === seedHash && one.split === split).map((one) => [one.exampleId, one]),
    );
    const moved = results
      .filter((one) => one.candidateHash === bestHash && one.split === split)
      .flatMap((after) => {
        const before = seed.get(after.exampleId);
        if (before === undefined || before.score === after.score) return [];
        return [
          {
            exampleId: after.exampleId,
            seedScore: before.score,
            bestScore: after.score,
            seedTrace: readTrace(before.trace),
            bestTrace: readTrace(after.trace),
          },
        ];
      })
      .sort(
        (a, b) =>
          Math.abs(b.bestScore - b.seedScore) - Math.abs(a.bestScore - a.seedScore) ||
          (a.exampleId < b.exampleId ? -1 : a.exampleId > b.exampleId ? 1 : 0),
      );
    if (moved.length > 0) return { split, examples: moved.slice(0, options.limit ?? 10) };
  }
  return undefined;
}
