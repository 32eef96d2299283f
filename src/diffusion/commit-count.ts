/**
 * How many masked positions to commit in this step so that the remaining masks are spread as evenly as possible over the
 * remaining steps: `ceil(remaining / stepsLeft)`. Over a whole run the per-step counts differ by at most one and sum to the
 * initial number of masks (the LLaDA schedule, larger counts first).
 *
 * @param options.remaining masked positions not yet committed (≥ 0).
 * @param options.stepsLeft steps left including this one (≥ 1).
 * @returns a count in [0, remaining]; `remaining` when this is the last step.
 */
export function commitCount(options: { readonly remaining: number; readonly stepsLeft: number }): number {
  if (options.remaining <= 0) return 0;
  return Math.ceil(options.remaining / Math.max(1, options.stepsLeft));
}
