/**
 * Python's `round(value, digits)` for floats: rounds the exact binary value to `digits` decimals, ties to even
 * (`round(0.125, 2) == 0.12`, `round(2.675, 2) == 2.67` because 2.675 is stored as 2.67499…). `digits` in 0..15.
 * Non-finite values and values of 1e15 or more are returned as they are.
 */
export function pythonRound(options: { readonly value: number; readonly digits: number }): number {
  const { value, digits } = options;
  if (!Number.isFinite(value) || Math.abs(value) >= 1e15) return value;
  // An exact tie (…5 followed by zeros) must be a multiple of 2^-(digits+1); only then is toFixed's tie rule
  // (away from zero) different from Python's (to even). Multiplying by a power of two is exact.
  if (Number.isInteger(value * 2 ** (digits + 1))) {
    const text = Math.abs(value).toFixed(digits + 1);
    if (text.endsWith("5")) {
      const truncated = Number(text.slice(0, -1).replace(".", ""));
      const even = truncated % 2 === 0 ? truncated : truncated + 1;
      return (Math.sign(value) * even) / 10 ** digits;
    }
  }
  return Number(value.toFixed(digits));
}
