import { z } from "zod";
import { InvalidInputError } from "../../errors/invalid-input-error.js";

/** The default share of examples allowed to fail (after retries) before a run stops. */
export const defaultMaxFailures = "5%";

/** `--max-failures`: a count (`3`) or a share of the examples (`5%`). */
export const maxFailuresOption = z
  .union([z.number().int().min(0), z.string().regex(/^\s*\d+\s*$/), z.string().regex(/^\s*\d+(\.\d+)?\s*%\s*$/)], {
    error: 'expected a whole number ≥ 0 or a percentage such as "5%"',
  })
  .describe(
    `Examples allowed to fail after their retries before the run stops as failed: a count or a share such as "10%" (default ${defaultMaxFailures}).`,
  );

/**
 * The number of failed examples a run of `examples` tolerates: a count as given, a percentage of `examples` rounded
 * down. `"5%"` of 300 → 15; `"5%"` of 10 → 0 (the first failure stops it).
 *
 * @throws InvalidInputError (field `maxFailures`) for a percentage above 100.
 */
export function resolveMaxFailures(options: { readonly value: number | string; readonly examples: number }): number {
  const { value, examples } = options;
  if (typeof value === "number") return value;
  const text = value.trim();
  if (!text.endsWith("%")) return Number.parseInt(text, 10);
  const percent = Number.parseFloat(text.slice(0, -1));
  if (percent > 100)
    throw new InvalidInputError({
      message: `must be a percentage up to 100%, got "${text}".`,
      location: { field: "maxFailures" },
    });
  return Math.floor((percent / 100) * examples + 1e-9);
}
