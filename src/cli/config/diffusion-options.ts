import { z } from "zod";
import {
  describeRange,
  diffusionSettingRanges,
  remaskingRules,
  type SettingRange,
} from "../../diffusion/diffusion-setting-ranges.js";

/** A number option checked against a range of `diffusionSettingRanges` (the same limits the sampler checks). */
function rangedNumber(range: SettingRange, description: string) {
  const error = `expected ${describeRange(range)}`;
  let schema = z.number({ error });
  if (range.isInteger === true) schema = schema.int({ error });
  schema = range.isMinExclusive === true ? schema.gt(range.min, { error }) : schema.min(range.min, { error });
  if (range.max !== undefined) schema = schema.max(range.max, { error });
  return schema.describe(description);
}

const ranges = diffusionSettingRanges;

/**
 * The diffusion settings every optimising command takes (`optimize`, `bench steps`, `bench compare`, config section
 * `optimize`): the sampler's settings, the span slots and the native proposer's logit options. Flags are the kebab-case
 * names (`--block-length`, `--cfg-scale`, …).
 */
export const diffusionOptionsShape = {
  steps: rangedNumber(ranges.steps, "Reverse diffusion steps of the DLM (default 32)."),
  blockLength: rangedNumber(ranges.blockLength, "Semi-autoregressive block length in tokens (default: one block)."),
  remasking: z
    .enum(remaskingRules as readonly [string, ...string[]], { error: `expected one of ${remaskingRules.join(", ")}` })
    .describe("Which committed guesses the sampler keeps each step (default low_confidence)."),
  dlmTemperature: rangedNumber(ranges.temperature, "Sampling temperature of the DLM, 0 = argmax (default 0.7)."),
  cfgScale: rangedNumber(ranges.cfgScale, "Classifier-free guidance scale, 0 = off (default 0)."),
  threshold: rangedNumber(ranges.threshold, "Parallel decoding: commit every slot at least this confident (0-1]."),
  endBias: rangedNumber(
    ranges.endBias,
    "Added to the end token's logit (nats) in every slot of a native DLM; < 0 deletes less (builtin: -2, else 0).",
  ),
  topK: rangedNumber(
    ranges.topK,
    "Log-probabilities asked per slot of a native DLM (default: full logits; remote 64).",
  ),
  slots: rangedNumber(ranges.slots, "Mask slots of every span, overriding the slot range."),
  minSlots: rangedNumber(ranges.slots, "Fewest mask slots of a span that replaces text (default 4)."),
  maxSlots: rangedNumber(ranges.slots, "Most mask slots of a span (default 64)."),
  insertSlots: rangedNumber(ranges.slots, "Mask slots of an inserted span (default 12)."),
  maskRatio: rangedNumber(
    ranges.maskRatio,
    "Share of the prompt's words the random span strategy masks (default 0.15).",
  ),
};

/** Names of the diffusion options, as camelCase option keys. */
export type DiffusionOptionName = keyof typeof diffusionOptionsShape;
