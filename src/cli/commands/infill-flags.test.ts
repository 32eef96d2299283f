import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import { diffusionSettingsOf, type InfillFlags, numberFlag } from "./infill-flags.js";

const flags: InfillFlags = {
  mask: ["sentence:0"],
  dlm: "builtin",
  steps: 32,
  candidates: 4,
  seed: 0,
  remasking: "low_confidence",
  temperature: 0.7,
  cfgScale: 0,
};

describe("diffusionSettingsOf", () => {
  it("maps the flags to diffusion settings, leaving unset optional ones undefined", () => {
    expect(diffusionSettingsOf({ ...flags, blockLength: 8 })).toEqual({
      steps: 32,
      remasking: "low_confidence",
      temperature: 0.7,
      cfgScale: 0,
      blockLength: 8,
      threshold: undefined,
    });
  });

  it.each<[Partial<InfillFlags>, RegExp]>([
    [{ steps: 0 }, /field "--steps": must be a whole number ≥ 1, got "0"/],
    [{ steps: "many" }, /field "--steps".*got "many"/],
    [{ remasking: "best" }, /field "--remasking": must be one of low_confidence, random, margin, entropy/],
    [{ threshold: 0 }, /field "--threshold": must be a number > 0 and ≤ 1/],
    [{ temperature: -1 }, /field "--temperature"/],
  ])("rejects %o naming the flag", (override, message) => {
    expect(() => diffusionSettingsOf({ ...flags, ...override })).toThrow(InvalidInputError);
    expect(() => diffusionSettingsOf({ ...flags, ...override })).toThrow(message);
  });
});

describe("numberFlag", () => {
  it("accepts values in range and rejects fractions where a whole number is needed", () => {
    expect(numberFlag({ value: 64, flag: "--candidates", min: 1, max: 64, isInteger: true })).toBe(64);
    expect(() => numberFlag({ value: 65, flag: "--candidates", min: 1, max: 64, isInteger: true })).toThrow(/≤ 64/);
    expect(() => numberFlag({ value: 1.5, flag: "--candidates", min: 1, isInteger: true })).toThrow(/whole number/);
  });
});
