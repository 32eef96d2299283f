import type { DiffusionSettings } from "../spec/proposer.js";

/** Allowed values of one numeric diffusion setting. */
export interface SettingRange {
  readonly min: number;
  /** Default: no upper bound. */
  readonly max?: number | undefined;
  readonly isInteger?: boolean | undefined;
  /** `min` itself is not allowed. */
  readonly isMinExclusive?: boolean | undefined;
}

/** The remasking rules the sampler knows. */
export const remaskingRules: readonly DiffusionSettings["remasking"][] = [
  "low_confidence",
  "random",
  "margin",
  "entropy",
];

/**
 * The one table of ranges for every diffusion setting, read by the sampler's check (`validateDiffusionSettings`), the
 * `infill` flags and the `optimize` / `bench` options and config schema, so the limits are written once.
 * `endBias` is in nats; `slots` bounds a span's mask slots; `topK` is the number of log-probabilities asked per slot.
 */
export const diffusionSettingRanges = {
  steps: { min: 1, isInteger: true },
  blockLength: { min: 1, isInteger: true },
  temperature: { min: 0 },
  cfgScale: { min: 0 },
  threshold: { min: 0, max: 1, isMinExclusive: true },
  endBias: { min: -100, max: 100 },
  slots: { min: 1, max: 512, isInteger: true },
  topK: { min: 1, max: 4096, isInteger: true },
  maskRatio: { min: 0, max: 1, isMinExclusive: true },
} as const satisfies Readonly<Record<string, SettingRange>>;

/** Whether `value` is a finite number inside `range`. */
export function isInRange(value: number, range: SettingRange): boolean {
  if (!Number.isFinite(value)) return false;
  if (range.isInteger === true && !Number.isInteger(value)) return false;
  if (range.isMinExclusive === true ? value <= range.min : value < range.min) return false;
  return range.max === undefined || value <= range.max;
}

/** `a whole number ≥ 1`, `a number > 0 and ≤ 1`: the range in words, for error messages. */
export function describeRange(range: SettingRange): string {
  const kind = range.isInteger === true ? "a whole number" : "a number";
  const low = `${range.isMinExclusive === true ? ">" : "≥"} ${range.min}`;
  return `${kind} ${low}${range.max === undefined ? "" : ` and ≤ ${range.max}`}`;
}
