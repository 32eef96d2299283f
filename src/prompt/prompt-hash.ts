import { stableHash } from "../internal/stable-hash.js";

/**
 * Normalises a prompt for identity: line breaks become `\n`, trailing spaces of each line and the whitespace around the
 * whole text are dropped. Two prompts that differ only in those ways are the same candidate.
 */
export function normalizePrompt(prompt: string): string {
  return prompt
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t]+$/gm, "")
    .trim();
}

/** Stable identity of a prompt: SHA-256 (hex, 64 characters) of its normalised text. */
export function promptHash(prompt: string): string {
  return stableHash(normalizePrompt(prompt));
}
