import type { DiffusionSettings } from "../spec/proposer.js";

/**
 * Diffusion settings as request-body fields for chat or completion servers that serve a diffusion LM and accept them
 * (snake_case, as OpenAI-compatible servers spell extra fields): `steps`, `block_length`, `remasking`, `cfg_scale`,
 * `diffusion_temperature` and `threshold`. Unset optional settings are left out. Servers that do not know a field
 * ignore it.
 */
export function toDiffusionProviderOptions(settings: DiffusionSettings): Record<string, string | number> {
  const fields: Record<string, string | number> = {
    steps: settings.steps,
    remasking: settings.remasking,
    cfg_scale: settings.cfgScale,
    diffusion_temperature: settings.temperature,
  };
  if (settings.blockLength !== undefined) fields.block_length = settings.blockLength;
  if (settings.threshold !== undefined) fields.threshold = settings.threshold;
  return fields;
}
