import { z } from "zod";
import { gapStyles } from "../../proposers/gap-style.js";
import { diffusionOptionsShape } from "./diffusion-options.js";
import { defaultMaxFailures, maxFailuresOption } from "./max-failures.js";
import {
  nonEmptyString,
  nonNegativeInteger,
  positiveInteger,
  sharedOptionsShape,
  tauUserOption,
  tauUserTemperatureOption,
} from "./option-schemas.js";

/** `--method` values: the method itself and the baselines that share its loop. */
export const optimizeMethods = ["dlm", "none", "random-edit", "ar-infill", "ape", "opro", "gepa"] as const;

const weight = z.number({ error: "expected a weight ≥ 0" }).min(0, { error: "expected a weight ≥ 0" });
const positiveNumber = (description: string) =>
  z.number({ error: "expected a number > 0" }).positive({ error: "expected a number > 0" }).describe(description);
const probability = (description: string) =>
  z
    .number({ error: "expected a number from 0 to 1" })
    .min(0, { error: "expected a number from 0 to 1" })
    .max(1, { error: "expected a number from 0 to 1" })
    .describe(description);

/** Options of `dlmpo optimize` (config section `optimize`; `dlmpo bench steps` reads the same section). */
export const optimizeOptionsShape = {
  maxFailures: maxFailuresOption.describe(
    `Rollouts allowed to fail after their retries before the run stops as failed (resumable): a count or a share such as "10%" of the dev sample plus the test size (default ${defaultMaxFailures}).`,
  ),
  task: nonEmptyString(
    "A built-in task (sst2, sst5, mrpc, snli, tau-retail, tau-airline) or a path to a JSONL file with a label field.",
  ),
  user: tauUserOption,
  userTemperature: tauUserTemperatureOption,
  dlm: nonEmptyString(
    'The proposer: "chat:<model spec>" (a DLM or AR model behind a chat API), or a spec the proposers accept.',
  ),
  gapStyle: z
    .enum(gapStyles, { error: `expected one of ${gapStyles.join(", ")}` })
    .describe("How a chat DLM sees gaps: numbered [[n]], xml <gap id=n/>, or mask-token (its mask token per slot)."),
  maskToken: nonEmptyString("The chat DLM's mask token for gapStyle mask-token (default <|mdm_mask|>)."),
  method: z
    .enum(optimizeMethods, { error: `expected one of ${optimizeMethods.join(", ")}` })
    .describe("Method or baseline."),
  prompt: nonEmptyString("File holding the seed system prompt (default: the task's seed prompt)."),
  template: nonEmptyString('User message per example, with {field} placeholders, e.g. "Review: {text}".'),
  labels: z
    .union([z.array(nonEmptyString("A label.")), nonEmptyString("Comma-separated labels.")], {
      error: 'expected a list of labels or "a,b,c"',
    })
    .describe("Allowed labels (default: the task's, or those found in the file)."),
  rounds: nonNegativeInteger("Rounds at most (default 8)."),
  candidates: positiveInteger("Candidates proposed per round (default 4)."),
  ...diffusionOptionsShape,
  trainMinibatch: positiveInteger("Training examples rolled out per round (default 16)."),
  devSize: positiveInteger("Dev examples that choose the prompt (default 64)."),
  testSize: nonNegativeInteger("Test examples scored once at the end (default 200)."),
  patience: positiveInteger("Stop after this many rounds without an accepted candidate (default 3)."),
  targetScore: probability("Stop once the best dev score reaches this."),
  acceptAlpha: z
    .number({ error: "expected a number between 0 and 1, e.g. 0.05" })
    .gt(0, { error: "expected a number between 0 and 1, e.g. 0.05" })
    .lt(1, { error: "expected a number between 0 and 1, e.g. 0.05" })
    .describe(
      "Family-wise error rate of accepting a candidate that is not better (default 0.05; see acceptErrorControl).",
    ),
  acceptErrorControl: z
    .enum(["run", "round"], { error: "expected run or round" })
    .describe(
      "run (default): acceptAlpha holds for the whole run (split over the rounds); round: for each round. " +
        "Holm's correction covers the candidates tested within a round.",
    ),
  acceptShare: z
    .number({ error: "expected a number between 0 and 1, e.g. 0.5" })
    .gt(0, { error: "expected a number between 0 and 1, e.g. 0.5" })
    .lt(1, { error: "expected a number between 0 and 1, e.g. 0.5" })
    .describe("Share of the dev sample held out to accept; the rest selects (default 0.5)."),
  acceptCandidates: positiveInteger(
    "Best selection survivors per round tested on the acceptance examples (default 1).",
  ),
  strategies: z
    .union([z.record(z.enum(["random", "sentence", "insert", "delete", "attributed"]), weight), nonEmptyString("")], {
      error: 'expected weights like {sentence: 2, insert: 1} or "sentence=2,insert=1"',
    })
    .describe("Span strategies with weights (default sentence=2,random=1,insert=1,delete=1)."),
  conditioning: z
    .boolean({ error: "expected true or false" })
    .describe("Condition the proposer on the round's traces (default true; false is the no-conditioning ablation)."),
  budgetCalls: positiveInteger("Most target calls, test split included (exact)."),
  budgetDlmRequests: positiveInteger(
    "Most DLM requests (never exceeded): a chat or FIM DLM's model requests (a corrective retry or GEPA's reflect + rewrite count each), one per native sampler call.",
  ),
  budgetDlmCalls: positiveInteger("Old name of budgetDlmRequests."),
  budgetTokens: positiveInteger("Most input + output tokens over all models (target, DLM, simulated user)."),
  budgetUsd: positiveNumber("Most US dollars over all models."),
  budgetMinutes: positiveNumber("Most wall-clock minutes."),
  traces: nonEmptyString(
    "Logged conversations to optimise from (judged replay) instead of a task: a file in the tracesFrom format.",
  ),
  tracesFrom: z
    .enum(["dlmpo", "openai", "otel", "store"], { error: "expected one of dlmpo, openai, otel, store" })
    .describe("Format of the traces file (default dlmpo), or store: the spans `dlmpo traces serve` received."),
  feedback: nonEmptyString("JSONL feedback joined to the traces by conversation or trace id."),
  judge: nonEmptyString('The judge model of judged replay, "provider:model".'),
  judgeMode: z
    .enum(["pairwise", "absolute"], { error: "expected pairwise or absolute" })
    .describe("pairwise (default): against the seed prompt's reply, both orders; absolute: rating 1-5."),
  rubric: nonEmptyString("File holding the judge's rubric (default: derived once from the feedback and shown)."),
  redact: z
    .boolean({ error: "expected true or false" })
    .describe("Redact emails, phone and card numbers and keys in the traces before anything is stored or sent."),
  redactPattern: z
    .union([z.array(nonEmptyString("A regular expression.")), nonEmptyString("A regular expression.")], {
      error: "expected a regular expression or a list of them",
    })
    .describe("More regular expressions to redact."),
  dryRun: z.boolean({ error: "expected true or false" }).describe("Print the planned calls and cost; spend nothing."),
  json: z.boolean({ error: "expected true or false" }).describe("Print the result as JSON."),
};

/** Every option `dlmpo optimize` reads, validated after merging file, section and flags. */
export const optimizeOptionsSchema = z.strictObject({
  ...sharedOptionsShape,
  ...optimizeOptionsShape,
  target: sharedOptionsShape.target,
  task: optimizeOptionsShape.task.optional(),
  traces: optimizeOptionsShape.traces.optional(),
  tracesFrom: optimizeOptionsShape.tracesFrom.optional(),
  feedback: optimizeOptionsShape.feedback.optional(),
  judge: optimizeOptionsShape.judge.optional(),
  judgeMode: optimizeOptionsShape.judgeMode.optional(),
  rubric: optimizeOptionsShape.rubric.optional(),
  redact: optimizeOptionsShape.redact.optional(),
  redactPattern: optimizeOptionsShape.redactPattern.optional(),
  method: optimizeOptionsShape.method.default("dlm"),
  concurrency: sharedOptionsShape.concurrency.default(64),
  seed: sharedOptionsShape.seed.default(0),
  cache: sharedOptionsShape.cache.default("use"),
  dryRun: optimizeOptionsShape.dryRun.default(false),
  json: optimizeOptionsShape.json.default(false),
  maxFailures: optimizeOptionsShape.maxFailures.default(defaultMaxFailures),
  dlm: optimizeOptionsShape.dlm.optional(),
  gapStyle: optimizeOptionsShape.gapStyle.optional(),
  maskToken: optimizeOptionsShape.maskToken.optional(),
  dataDir: sharedOptionsShape.dataDir.optional(),
  apiKeys: sharedOptionsShape.apiKeys.optional(),
  prices: sharedOptionsShape.prices.optional(),
  timeout: sharedOptionsShape.timeout.optional(),
  cacheRoles: sharedOptionsShape.cacheRoles.optional(),
  retries: sharedOptionsShape.retries.optional(),
  store: sharedOptionsShape.store.optional(),
  user: optimizeOptionsShape.user.optional(),
  userTemperature: optimizeOptionsShape.userTemperature.optional(),
  prompt: optimizeOptionsShape.prompt.optional(),
  template: optimizeOptionsShape.template.optional(),
  labels: optimizeOptionsShape.labels.optional(),
  rounds: optimizeOptionsShape.rounds.optional(),
  candidates: optimizeOptionsShape.candidates.optional(),
  steps: optimizeOptionsShape.steps.optional(),
  blockLength: optimizeOptionsShape.blockLength.optional(),
  remasking: optimizeOptionsShape.remasking.optional(),
  dlmTemperature: optimizeOptionsShape.dlmTemperature.optional(),
  cfgScale: optimizeOptionsShape.cfgScale.optional(),
  threshold: optimizeOptionsShape.threshold.optional(),
  endBias: optimizeOptionsShape.endBias.optional(),
  topK: optimizeOptionsShape.topK.optional(),
  slots: optimizeOptionsShape.slots.optional(),
  minSlots: optimizeOptionsShape.minSlots.optional(),
  maxSlots: optimizeOptionsShape.maxSlots.optional(),
  insertSlots: optimizeOptionsShape.insertSlots.optional(),
  maskRatio: optimizeOptionsShape.maskRatio.optional(),
  trainMinibatch: optimizeOptionsShape.trainMinibatch.optional(),
  devSize: optimizeOptionsShape.devSize.optional(),
  testSize: optimizeOptionsShape.testSize.optional(),
  patience: optimizeOptionsShape.patience.optional(),
  targetScore: optimizeOptionsShape.targetScore.optional(),
  acceptAlpha: optimizeOptionsShape.acceptAlpha.optional(),
  acceptErrorControl: optimizeOptionsShape.acceptErrorControl.optional(),
  acceptShare: optimizeOptionsShape.acceptShare.optional(),
  acceptCandidates: optimizeOptionsShape.acceptCandidates.optional(),
  strategies: optimizeOptionsShape.strategies.optional(),
  conditioning: optimizeOptionsShape.conditioning.default(true),
  budgetCalls: optimizeOptionsShape.budgetCalls.optional(),
  budgetDlmRequests: optimizeOptionsShape.budgetDlmRequests.optional(),
  budgetDlmCalls: optimizeOptionsShape.budgetDlmCalls.optional(),
  budgetTokens: optimizeOptionsShape.budgetTokens.optional(),
  budgetUsd: optimizeOptionsShape.budgetUsd.optional(),
  budgetMinutes: optimizeOptionsShape.budgetMinutes.optional(),
});

/** Validated `dlmpo optimize` options. */
export type OptimizeCommandOptions = z.infer<typeof optimizeOptionsSchema>;
