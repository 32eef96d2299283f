import { readFile, stat } from "node:fs/promises";
import { isAbsolute, relative } from "node:path";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import { decodeUtf8Text } from "../../internal/decode-utf8-text.js";

/** Largest prompt file read, in bytes (1 MiB): far beyond any model's context, small enough to fail fast and clearly. */
export const maxPromptFileBytes = 1024 * 1024;

/** How to show `path` to the user: relative to `cwd` when it lies below it, else as given (absolute). */
export function displayPath(options: { readonly path: string; readonly cwd: string }): string {
  const shown = relative(options.cwd, options.path);
  return shown === "" || shown.startsWith("..") || isAbsolute(shown) ? options.path : shown;
}

/**
 * Reads a system prompt from a text file (UTF-8, a byte-order mark dropped, surrounding whitespace dropped) and calls
 * `onWarning` for each `</keep>` that closes no `<keep>` (it protects nothing). Throws InvalidInputError naming the
 * file when it cannot be read, is larger than {@link maxPromptFileBytes}, is binary or not UTF-8 (with the byte
 * offset), or holds no text.
 */
export async function readPromptFile(options: {
  readonly path: string;
  readonly cwd: string;
  readonly onWarning?: ((message: string) => void) | undefined;
}): Promise<string> {
  const file = displayPath(options);
  let bytes: Uint8Array;
  try {
    const size = (await stat(options.path)).size;
    if (size > maxPromptFileBytes)
      throw new InvalidInputError({
        message: `the prompt file has ${size} bytes, more than the limit of ${maxPromptFileBytes} (1 MiB); no model takes a system prompt that long.`,
        location: { file },
      });
    bytes = await readFile(options.path);
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    const code = error instanceof Error && "code" in error ? error.code : undefined;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : String(error);
    throw new InvalidInputError({
      message: `cannot read the prompt file (${reason}).`,
      location: { file },
      cause: error,
    });
  }
  const text = decodeUtf8Text({ bytes, file, what: "prompt file" });
  if (text.trim() === "") throw new InvalidInputError({ message: "the prompt file is empty.", location: { file } });
  for (const line of strayKeepClosings(text))
    options.onWarning?.(`${file}, line ${line}: a </keep> closes no <keep>; it protects nothing.`);
  return text.trim();
}

/** 1-based lines of the `</keep>` tags that close no `<keep>` (keep spans do not nest: the first `</keep>` closes). */
function strayKeepClosings(text: string): number[] {
  const lines: number[] = [];
  let open = false;
  for (const match of text.matchAll(/<(\/?)keep>/gi)) {
    if (match[1] === "") open = true;
    else if (open) open = false;
    else lines.push(text.slice(0, match.index).split("\n").length);
  }
  return lines;
}
