const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const shown = (value: unknown): string | undefined =>
  typeof value === "number" || typeof value === "string" ? String(value) : undefined;

/**
 * The diffusion settings a run was made with, as one line for reports (`steps 32 · remasking low_confidence · …`),
 * read from its stored config: the sampler's settings, the span slot range and mask ratio, and the native proposer's
 * end bias and top-k when they were given. Undefined when the config holds no diffusion settings.
 */
export function describeDiffusionSettings(config: unknown): string | undefined {
  if (!isRecord(config) || !isRecord(config.diffusion)) return undefined;
  const diffusion = config.diffusion;
  const invocation = isRecord(config.invocation) ? config.invocation : {};
  const slots = isRecord(config.slotRange) ? config.slotRange : undefined;
  const parts: [string, string | undefined][] = [
    ["steps", shown(diffusion.steps)],
    ["block length", shown(diffusion.blockLength)],
    ["remasking", shown(diffusion.remasking)],
    ["temperature", shown(diffusion.temperature)],
    ["CFG scale", shown(diffusion.cfgScale)],
    ["threshold", shown(diffusion.threshold)],
    [
      "slots per span",
      slots === undefined
        ? undefined
        : slots.min === slots.max
          ? shown(slots.min)
          : `${shown(slots.min)}–${shown(slots.max)} (insert ${shown(slots.insert)})`,
    ],
    ["mask ratio", shown(config.maskRatio)],
    ["end bias", shown(invocation.endBias)],
    ["top-k", shown(invocation.topK)],
  ];
  return parts.flatMap(([name, value]) => (value === undefined ? [] : [`${name} ${value}`])).join(" · ");
}
