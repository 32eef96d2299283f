import { outermostProtectedRegions } from "./outermost-protected-regions.js";

/**
 * The sentence a rewriting meta-prompt includes so the model keeps the prompt's protected parts: each part quoted
 * on its own line, in order. Empty when the prompt has none.
 *
 * @throws InvalidInputError (from `outermostProtectedRegions`) when the prompt has an unclosed `<keep>` tag.
 */
export function protectedPartsInstruction(prompt: string): string {
  const parts = outermostProtectedRegions(prompt).map((region) => region.text);
  if (parts.length === 0) return "";
  return [
    "The new prompt must contain each of these parts exactly as written (same characters, same order); they are filled in or kept by the application:",
    ...parts.map((part) => `<part>${part}</part>`),
  ].join("\n");
}
