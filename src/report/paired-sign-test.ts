/**
 * Two-sided exact sign test: the probability, if wins and losses were equally likely, of a split at least as uneven as
 * `wins` against `losses` (ties left out). For 0/1 scores this is the exact McNemar test. No wins and no losses → 1.
 */
export function pairedSignTest(options: { readonly wins: number; readonly losses: number }): number {
  const n = options.wins + options.losses;
  if (n === 0) return 1;
  const smaller = Math.min(options.wins, options.losses);
  // log C(n, i) accumulated term by term, so large n does not overflow.
  let logChoose = 0;
  let tail = 0;
  for (let i = 0; i <= smaller; i += 1) {
    if (i > 0) logChoose += Math.log((n - i + 1) / i);
    tail += Math.exp(logChoose - n * Math.LN2);
  }
  return Math.min(1, 2 * tail);
}
