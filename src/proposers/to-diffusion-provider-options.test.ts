import { describe, expect, it } from "vitest";
import { toDiffusionProviderOptions } from "./to-diffusion-provider-options.js";

describe("toDiffusionProviderOptions", () => {
  it("spells settings in snake_case and leaves unset optional ones out", () => {
    expect(toDiffusionProviderOptions({ steps: 8, remasking: "margin", temperature: 0.5, cfgScale: 1.5 })).toEqual({
      steps: 8,
      remasking: "margin",
      cfg_scale: 1.5,
      diffusion_temperature: 0.5,
    });
    expect(
      toDiffusionProviderOptions({
        steps: 8,
        remasking: "random",
        temperature: 0,
        cfgScale: 0,
        blockLength: 4,
        threshold: 0.9,
      }),
    ).toMatchObject({ block_length: 4, threshold: 0.9 });
  });
});
