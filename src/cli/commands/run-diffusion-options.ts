import { remaskingRules } from "../../diffusion/diffusion-setting-ranges.js";
import { validateDiffusionSettings } from "../../diffusion/validate-diffusion-settings.js";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import { defaultDiffusion } from "../../optimizer/optimizer-settings.js";
import { defaultSlotRange, type SlotRange } from "../../prompt/estimate-slots.js";
import type { DiffusionSettings } from "../../spec/proposer.js";
import type { DiffusionOptionName } from "../config/diffusion-options.js";
import type { OptimizeCommandOptions } from "../config/optimize-options.js";

/** The diffusion options of a run, split by where they act. */
export interface RunDiffusionOptions {
  /** The sampler's settings (sent as body fields to chat and FIM DLMs that take them). */
  readonly diffusion: DiffusionSettings;
  /** Span slots, which follow the length of the replaced text within this range. */
  readonly slotRange: SlotRange;
  readonly maskRatio: number | undefined;
  /** Native proposers only. */
  readonly endTokenBias: number | undefined;
  /** Native proposers only. */
  readonly topK: number | undefined;
}

/**
 * Turns the validated diffusion options of `optimize`, `bench steps` or `bench compare` into the run's settings:
 * defaults from `defaultDiffusion` and `defaultSlotRange`; `slots` fixes every span's slots.
 *
 * @throws InvalidInputError when the fewest slots exceed the most, or a setting is out of the sampler's range.
 */
export function toRunDiffusionOptions(command: Pick<OptimizeCommandOptions, DiffusionOptionName>): RunDiffusionOptions {
  const remasking = remaskingRules.find((rule) => rule === command.remasking) ?? defaultDiffusion.remasking;
  const diffusion: DiffusionSettings = {
    ...defaultDiffusion,
    ...(command.steps === undefined ? {} : { steps: command.steps }),
    ...(command.blockLength === undefined ? {} : { blockLength: command.blockLength }),
    remasking,
    ...(command.dlmTemperature === undefined ? {} : { temperature: command.dlmTemperature }),
    ...(command.cfgScale === undefined ? {} : { cfgScale: command.cfgScale }),
    ...(command.threshold === undefined ? {} : { threshold: command.threshold }),
  };
  validateDiffusionSettings(diffusion);
  const fixed = command.slots;
  const slotRange: SlotRange =
    fixed === undefined
      ? {
          min: command.minSlots ?? Math.min(defaultSlotRange.min, command.maxSlots ?? defaultSlotRange.min),
          max: command.maxSlots ?? Math.max(defaultSlotRange.max, command.minSlots ?? defaultSlotRange.max),
          insert: command.insertSlots ?? defaultSlotRange.insert,
        }
      : { min: fixed, max: fixed, insert: fixed };
  if (slotRange.min > slotRange.max)
    throw new InvalidInputError({
      message: `the fewest slots per span (${slotRange.min}) exceed the most (--max-slots ${slotRange.max}).`,
      location: { field: "--min-slots" },
    });
  return {
    diffusion,
    slotRange,
    maskRatio: command.maskRatio,
    endTokenBias: command.endBias,
    topK: command.topK,
  };
}
