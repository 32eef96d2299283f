import { z } from "zod";

/** A whole number ≥ 1, with the message config errors show. */
export const positiveInteger = (description: string) =>
  z
    .number({ error: "expected a positive integer" })
    .int({ error: "expected a positive integer" })
    .min(1, { error: "expected a positive integer" })
    .describe(description);

/** A whole number ≥ 0. */
export const nonNegativeInteger = (description: string) =>
  z
    .number({ error: "expected a whole number ≥ 0" })
    .int({ error: "expected a whole number ≥ 0" })
    .min(0, { error: "expected a whole number ≥ 0" })
    .describe(description);

/** A non-empty string. */
export const nonEmptyString = (description: string) =>
  z
    .string({ error: "expected a text value" })
    .min(1, { error: "expected a non-empty text value" })
    .describe(description);

const cacheModeOption = z.enum(["use", "refresh", "off"], { error: 'expected "use", "refresh" or "off"' });

/** `--user`: the simulated user's model of tau-bench tasks (`optimize`, `eval`). */
export const tauUserOption = nonEmptyString(
  'The simulated user of a tau-bench task (tau-retail, tau-airline), "provider:model" (default openai:gpt-4o).',
);

/** `--user-temperature`: the simulated user's sampling temperature (`optimize`, `eval`, `bench tau`). */
export const tauUserTemperatureOption = z
  .number({ error: "expected a number from 0 to 2" })
  .min(0, { error: "expected a number from 0 to 2" })
  .max(2, { error: "expected a number from 0 to 2" })
  .describe(
    "Sampling temperature of a tau-bench task's simulated user (default: the provider's own, 1.0 for OpenAI, as the original benchmark).",
  );

/**
 * Options every command understands, by their camelCase names (flags are the kebab-case aliases: `dataDir` ↔
 * `--data-dir`). May appear at the top of a config file or inside a command's section.
 */
export const sharedOptionsShape = {
  target: nonEmptyString(
    'The target model, "provider:model": openai:gpt-4o-mini, anthropic:<model>, openai-compatible:<baseURL>#<model>.',
  ),
  dataDir: nonEmptyString("Folder of the benchmark data (default: ../shared/data when it exists)."),
  store: nonEmptyString("SQLite file of runs and the call cache (default: .dlmpo/dlmpo.sqlite)."),
  cache: z
    .enum(["use", "refresh", "off"], { error: 'expected "use", "refresh" or "off"' })
    .describe("Call cache: use (read and write), refresh (write only), off. Flags: --no-cache, --refresh-cache."),
  cacheRoles: z
    .strictObject({
      target: cacheModeOption,
      dlm: cacheModeOption,
      user: cacheModeOption,
      judge: cacheModeOption,
    })
    .partial()
    .describe(
      "Cache mode per role over `cache`, e.g. {dlm: refresh} re-asks the DLM (and its proposal memo) only; roles: target, dlm (a chat or FIM DLM, a baseline's chat model), user (tau-bench's simulated user), judge (the judge of `optimize --traces`).",
    ),
  concurrency: positiveInteger("Model calls in flight at once."),
  timeout: z
    .number({ error: "expected a number of seconds > 0" })
    .positive({ error: "expected a number of seconds > 0" })
    .describe("Seconds one attempt of a model call may take before it is abandoned (default 120)."),
  retries: nonNegativeInteger("Retries of a failed model call after its first attempt (default 6)."),
  seed: nonNegativeInteger("Seed of every random choice; stored with the run."),
  apiKeys: z
    .strictObject({
      openai: nonEmptyString("Overrides OPENAI_API_KEY."),
      anthropic: nonEmptyString("Overrides ANTHROPIC_API_KEY."),
      "openai-compatible": nonEmptyString("Overrides OPENAI_COMPATIBLE_API_KEY."),
    })
    .partial()
    .describe("API keys by provider (prefer the environment). Never stored, logged or reported."),
  prices: z
    .record(
      nonEmptyString("Model id or spec."),
      z.strictObject({
        inputPerMillionUsd: z.number({ error: "expected a number ≥ 0" }).min(0, { error: "expected a number ≥ 0" }),
        outputPerMillionUsd: z.number({ error: "expected a number ≥ 0" }).min(0, { error: "expected a number ≥ 0" }),
      }),
    )
    .describe("Prices in USD per million tokens by model id, over the built-in table."),
};
