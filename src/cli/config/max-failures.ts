import { z } from "zod";

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
