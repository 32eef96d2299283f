import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { DiffusionSettings } from "../spec/proposer.js";

const remaskingRules: readonly DiffusionSettings["remasking"][] = ["low_confidence", "random", "margin", "entropy"];

/**
 * Checks diffusion settings before sampling: `steps` an integer ≥ 1, `blockLength` an integer ≥ 1 when set,
 * `temperature` and `cfgScale` finite and ≥ 0, `threshold` in (0, 1] when set, `remasking` a known rule.
 *
 * @throws InvalidInputError naming the field (`diffusion.steps`, …) and the allowed range.
 */
export function validateDiffusionSettings(settings: DiffusionSettings): void {
  const fail = (field: string, message: string): never => {
    throw new InvalidInputError({ message, location: { field: `diffusion.${field}` } });
  };
  if (!Number.isInteger(settings.steps) || settings.steps < 1)
    fail("steps", `must be an integer ≥ 1, got ${settings.steps}.`);
  if (settings.blockLength !== undefined && (!Number.isInteger(settings.blockLength) || settings.blockLength < 1))
    fail("blockLength", `must be an integer ≥ 1, got ${settings.blockLength}.`);
  if (!Number.isFinite(settings.temperature) || settings.temperature < 0)
    fail("temperature", `must be ≥ 0, got ${settings.temperature}.`);
  if (!Number.isFinite(settings.cfgScale) || settings.cfgScale < 0)
    fail("cfgScale", `must be ≥ 0, got ${settings.cfgScale}.`);
  if (settings.threshold !== undefined && !(settings.threshold > 0 && settings.threshold <= 1))
    fail("threshold", `must be in (0, 1], got ${settings.threshold}.`);
  if (!remaskingRules.includes(settings.remasking))
    fail("remasking", `must be one of ${remaskingRules.join(", ")}, got "${String(settings.remasking)}".`);
}
