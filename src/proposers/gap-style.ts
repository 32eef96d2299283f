/** How chat-infill shows a gap to the model (`--gap-style`). */
export const gapStyles = ["numbered", "xml", "mask-token"] as const;

/**
 * `numbered`: `[[1]]`, `[[2]]`, … with the answer as `<fill id="N">` tags (any instruction-following chat model);
 * `xml`: `<gap id="1"/>` with the same answer format (models trained on XML-ish markup);
 * `mask-token`: the model's own mask token repeated once per slot, the answer being the prompt with the masks replaced
 * (diffusion chat servers that denoise mask tokens found in the message text).
 */
export type GapStyle = (typeof gapStyles)[number];

/** The mask token of LLaDA-family tokenizers, the default of the `mask-token` style. */
export const defaultMaskToken = "<|mdm_mask|>";

/** How gap number `marker` (1-based) is written in a message: `[[n]]`, `<gap id="n"/>`, or the mask token × slots. */
export function renderGap(options: {
  readonly style: GapStyle;
  readonly marker: number;
  readonly slots: number;
  readonly maskToken: string;
}): string {
  switch (options.style) {
    case "numbered":
      return `[[${options.marker}]]`;
    case "xml":
      return `<gap id="${options.marker}"/>`;
    case "mask-token":
      return options.maskToken.repeat(Math.max(1, options.slots));
  }
}
