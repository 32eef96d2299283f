/**
 * Example counts of the successive-halving rungs: `initialExamples`, doubling, ending at exactly `devSize` (the last
 * rung is always the whole dev set, so a surviving child is compared with its parent on every dev example).
 */
export function halvingRungs(options: { readonly devSize: number; readonly initialExamples: number }): number[] {
  const rungs: number[] = [];
  let size = Math.min(options.initialExamples, options.devSize);
  while (size < options.devSize) {
    rungs.push(size);
    size *= 2;
  }
  rungs.push(options.devSize);
  return rungs;
}

/** How many of `count` candidates go on to the next rung: the better half, rounded up. */
export function survivorsOf(count: number): number {
  return Math.ceil(count / 2);
}
