import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { DiffusionSettings } from "../spec/proposer.js";
import { describeRange, diffusionSettingRanges, isInRange, remaskingRules } from "./diffusion-setting-ranges.js";

/**
 * Checks diffusion settings before sampling against `diffusionSettingRanges`: `steps` an integer ≥ 1, `blockLength` an
 * integer ≥ 1 when set, `temperature` and `cfgScale` finite and ≥ 0, `threshold` in (0, 1] when set, `remasking` a
 * known rule.
 *
 * @throws InvalidInputError naming the field (`diffusion.steps`, …) and the allowed range.
 */
export function validateDiffusionSettings(settings: DiffusionSettings): void {
  const check = (field: keyof typeof diffusionSettingRanges, value: number | undefined): void => {
    const range = diffusionSettingRanges[field];
    if (value === undefined || isInRange(value, range)) return;
    throw new InvalidInputError({
      message: `must be ${describeRange(range)}, got ${value}.`,
      location: { field: `diffusion.${field}` },
    });
  };
  check("steps", settings.steps);
  check("blockLength", settings.blockLength);
  check("temperature", settings.temperature);
  check("cfgScale", settings.cfgScale);
  check("threshold", settings.threshold);
  if (!remaskingRules.includes(settings.remasking))
    throw new InvalidInputError({
      message: `must be one of ${remaskingRules.join(", ")}, got "${String(settings.remasking)}".`,
      location: { field: "diffusion.remasking" },
    });
}
