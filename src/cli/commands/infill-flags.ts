import {
  describeRange,
  diffusionSettingRanges,
  isInRange,
  remaskingRules,
  type SettingRange,
} from "../../diffusion/diffusion-setting-ranges.js";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import { type GapStyle, gapStyles } from "../../proposers/gap-style.js";
import type { DiffusionSettings } from "../../spec/proposer.js";

/** The flags of `dlmpo infill` as commander hands them over (numbers that did not parse stay text, to be named). */
export interface InfillFlags {
  readonly prompt?: string;
  readonly mask?: readonly string[] | undefined;
  readonly traces?: string;
  readonly dlm: string;
  readonly steps: number | string;
  readonly candidates: number | string;
  readonly seed: number | string;
  readonly json?: boolean;
  readonly blockLength?: number | string;
  readonly remasking: string;
  readonly temperature: number | string;
  readonly cfgScale: number | string;
  readonly threshold?: number | string;
  readonly slots?: number | string;
  readonly endBias?: number | string;
  /** Seconds one attempt of a chat or FIM DLM request may take. */
  readonly timeout?: number | string;
  /** Retries of a failed chat or FIM DLM request. */
  readonly retries?: number | string;
  readonly gapStyle?: string;
  readonly maskToken?: string;
}

/**
 * The `--gap-style` flag, checked.
 *
 * @throws InvalidInputError naming the flag for an unknown style.
 */
export function gapStyleFlag(value: string | undefined): GapStyle | undefined {
  if (value === undefined) return undefined;
  const style = gapStyles.find((candidate) => candidate === value);
  if (style === undefined)
    throw new InvalidInputError({
      message: `must be one of ${gapStyles.join(", ")}, got "${value}".`,
      location: { field: "--gap-style" },
    });
  return style;
}

/**
 * A number flag checked against its range; `isInteger` also demands a whole number.
 *
 * @throws InvalidInputError naming the flag when the value is not a number in range.
 */
export function numberFlag(options: SettingRange & { readonly value: number | string; readonly flag: string }): number {
  const { value } = options;
  if (typeof value !== "number" || !isInRange(value, options))
    throw new InvalidInputError({
      message: `must be ${describeRange(options)}, got "${String(value)}".`,
      location: { field: options.flag },
    });
  return value;
}

/**
 * The diffusion settings of `dlmpo infill` from its flags.
 *
 * @throws InvalidInputError naming the flag of the first bad value.
 */
export function diffusionSettingsOf(flags: InfillFlags): DiffusionSettings {
  const remasking = remaskingRules.find((rule) => rule === flags.remasking);
  if (remasking === undefined) {
    throw new InvalidInputError({
      message: `must be one of ${remaskingRules.join(", ")}, got "${flags.remasking}".`,
      location: { field: "--remasking" },
    });
  }
  return {
    steps: numberFlag({ value: flags.steps, flag: "--steps", ...diffusionSettingRanges.steps }),
    remasking,
    temperature: numberFlag({ value: flags.temperature, flag: "--temperature", ...diffusionSettingRanges.temperature }),
    cfgScale: numberFlag({ value: flags.cfgScale, flag: "--cfg-scale", ...diffusionSettingRanges.cfgScale }),
    blockLength:
      flags.blockLength === undefined
        ? undefined
        : numberFlag({ value: flags.blockLength, flag: "--block-length", ...diffusionSettingRanges.blockLength }),
    threshold:
      flags.threshold === undefined
        ? undefined
        : numberFlag({ value: flags.threshold, flag: "--threshold", ...diffusionSettingRanges.threshold }),
  };
}
