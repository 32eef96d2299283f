import { z } from "zod";
import { defaultMaxFailures, maxFailuresOption } from "./max-failures.js";
import {
  nonEmptyString,
  positiveInteger,
  sharedOptionsShape,
  tauUserOption,
  tauUserTemperatureOption,
} from "./option-schemas.js";

/** Options of `dlmpo eval` (its config section is `eval`). */
export const evalOptionsShape = {
  task: nonEmptyString(
    "A built-in task (sst2, sst5, mrpc, snli, tau-retail, tau-airline) or a path to a JSONL file with a label field.",
  ),
  user: tauUserOption,
  userTemperature: tauUserTemperatureOption,
  split: z.enum(["train", "dev", "test"], { error: 'expected "train", "dev" or "test"' }).describe("Split to score."),
  prompt: nonEmptyString("File holding the system prompt to score (default: the task's seed prompt)."),
  limit: positiveInteger("Score only the first N examples of the split."),
  template: nonEmptyString('User message per example, with {field} placeholders, e.g. "Review: {text}".'),
  labels: z
    .union([z.array(nonEmptyString("A label.")), nonEmptyString("Comma-separated labels.")], {
      error: 'expected a list of labels or "a,b,c"',
    })
    .describe("Allowed labels (default: the task's, or those found in the file)."),
  temperature: z
    .number({ error: "expected a number from 0 to 2" })
    .min(0, { error: "expected a number from 0 to 2" })
    .max(2, { error: "expected a number from 0 to 2" })
    .describe("Sampling temperature of the target (default 0)."),
  maxOutputTokens: positiveInteger("Cap on the target's answer length in tokens (default 32)."),
  json: z.boolean({ error: "expected true or false" }).describe("Print the result as JSON."),
  maxFailures: maxFailuresOption,
};

/** Every option `dlmpo eval` reads, validated after merging file, section and flags; required ones enforced here. */
export const evalOptionsSchema = z.strictObject({
  ...sharedOptionsShape,
  ...evalOptionsShape,
  target: sharedOptionsShape.target,
  task: evalOptionsShape.task,
  split: evalOptionsShape.split.default("dev"),
  concurrency: sharedOptionsShape.concurrency.default(64),
  seed: sharedOptionsShape.seed.default(0),
  cache: sharedOptionsShape.cache.default("use"),
  json: evalOptionsShape.json.default(false),
  maxFailures: evalOptionsShape.maxFailures.default(defaultMaxFailures),
  dataDir: sharedOptionsShape.dataDir.optional(),
  apiKeys: sharedOptionsShape.apiKeys.optional(),
  prices: sharedOptionsShape.prices.optional(),
  timeout: sharedOptionsShape.timeout.optional(),
  cacheRoles: sharedOptionsShape.cacheRoles.optional(),
  retries: sharedOptionsShape.retries.optional(),
  store: sharedOptionsShape.store.optional(),
  user: evalOptionsShape.user.optional(),
  userTemperature: evalOptionsShape.userTemperature.optional(),
  prompt: evalOptionsShape.prompt.optional(),
  limit: evalOptionsShape.limit.optional(),
  template: evalOptionsShape.template.optional(),
  labels: evalOptionsShape.labels.optional(),
  temperature: evalOptionsShape.temperature.optional(),
  maxOutputTokens: evalOptionsShape.maxOutputTokens.optional(),
});

/** Validated `dlmpo eval` options. */
export type EvalOptions = z.infer<typeof evalOptionsSchema>;
