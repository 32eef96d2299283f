/**
 * Splits `total` into `parts` non-negative integers that differ by at most one, larger ones first
 * (e.g. 10 over 4 → [3, 3, 2, 2]). Used to spread reverse steps over semi-autoregressive blocks.
 *
 * @param options.total the quantity to split (≥ 0).
 * @param options.parts how many parts (≥ 1).
 */
export function splitEvenly(options: { readonly total: number; readonly parts: number }): number[] {
  const base = Math.floor(options.total / options.parts);
  const remainder = options.total % options.parts;
  return Array.from({ length: options.parts }, (_, index) => base + (index < remainder ? 1 : 0));
}
