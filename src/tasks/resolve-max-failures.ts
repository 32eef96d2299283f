import { InvalidInputError } from "../errors/invalid-input-error.js";

/**
 * The number of failed examples a run of `examples` tolerates: a count as given, a percentage of `examples` rounded
 * down. `"5%"` of 300 → 15; `"5%"` of 10 → 0 (the first failure stops it).
 *
 * @throws InvalidInputError (field `maxFailures`) for a percentage above 100 or a value that is neither a whole number
 *   ≥ 0 nor a percentage.
 */
export function resolveMaxFailures(options: { readonly value: number | string; readonly examples: number }): number {
  const { value, examples } = options;
  const text = String(value).trim();
  const isCount = /^\d+$/.test(text);
  if (!isCount && !/^\d+(\.\d+)?\s*%$/.test(text))
    throw new InvalidInputError({
      message: `expected a whole number ≥ 0 or a percentage such as "5%", got "${text}".`,
      location: { field: "maxFailures" },
    });
  if (isCount) return Number.parseInt(text, 10);
  const percent = Number.parseFloat(text.slice(0, -1));
  if (percent > 100)
    throw new InvalidInputError({
      message: `must be a percentage up to 100%, got "${text}".`,
      location: { field: "maxFailures" },
    });
  return Math.floor((percent / 100) * examples + 1e-9);
}
