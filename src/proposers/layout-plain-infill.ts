/** Heading before the conditioning in the plain infill layout. */
export const plainInfillFeedbackHeading = "### Feedback\n";

/** Heading between the conditioning and the masked prompt in the plain infill layout. */
export const plainInfillPromptHeading = "\n### Prompt\n";

/**
 * The plain infill layout, exactly `"### Feedback\n" + conditioning + "\n### Prompt\n" + maskedPrompt`: how a model
 * without a chat template (the built-in model is trained on it) sees the traces and the prompt to denoise.
 * `maskedPrompt` is the prompt with each span already rendered as mask tokens.
 */
export function layoutPlainInfill(options: { readonly conditioning: string; readonly maskedPrompt: string }): string {
  return `${plainInfillFeedbackHeading}${options.conditioning}${plainInfillPromptHeading}${options.maskedPrompt}`;
}
