/**
 * Removes the `<keep>` and `</keep>` tags, leaving their content, for deploying an optimised prompt. The optimised
 * prompt itself keeps the tags so that a later run leaves those spans alone too.
 */
export function stripKeepTags(prompt: string): string {
  return prompt.replace(/<\/?keep>/gi, "");
}
