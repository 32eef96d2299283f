import type { Random } from "../spec/runtime.js";

/**
 * `count` items of `items` drawn without replacement with `random`, kept in their original order; all of them when
 * there are no more than `count`. The same seed draws the same items.
 */
export function sampleInOrder<T>(items: readonly T[], count: number, random: Random): T[] {
  if (items.length <= count) return [...items];
  const indices = Array.from({ length: items.length }, (_, index) => index);
  // Partial Fisher–Yates: only the first `count` positions need to be drawn.
  for (let i = 0; i < count; i += 1) {
    const j = i + random.int(indices.length - i);
    const swap = indices[i] ?? i;
    indices[i] = indices[j] ?? j;
    indices[j] = swap;
  }
  return indices
    .slice(0, count)
    .sort((a, b) => a - b)
    .flatMap((index) => {
      const item = items[index];
      return item === undefined ? [] : [item];
    });
}
