/**
 * Escapes text for inline Markdown (a table cell or a sentence): characters that start inline markup (backslash,
 * backtick, `*`, `_`, brackets, `|`, `~`) get a backslash, `<` and `>`
 * become entities so no HTML tag survives, and newlines become spaces so a table row stays one row.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, " ")
    .replace(/[\\`*_[\]|~]/g, (character) => `\\${character}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** A fenced code block that `text` cannot close early: the fence is one backtick longer than any run inside. */
export function markdownCodeBlock(options: { readonly text: string; readonly language?: string }): string {
  const longest = Math.max(0, ...Array.from(options.text.matchAll(/`+/g), (match) => match[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${options.language ?? ""}\n${options.text}\n${fence}`;
}
