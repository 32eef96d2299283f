import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { InvalidInputError } from "../../errors/invalid-input-error.js";

/**
 * Reads a system prompt from a text file (UTF-8, surrounding whitespace dropped). Throws InvalidInputError naming the
 * file when it cannot be read or holds no text.
 */
export async function readPromptFile(options: { readonly path: string; readonly cwd: string }): Promise<string> {
  const file = relative(options.cwd, options.path) || options.path;
  let text: string;
  try {
    text = await readFile(options.path, "utf8");
  } catch (error) {
    const reason =
      error instanceof Error && "code" in error && error.code === "ENOENT" ? "no such file" : String(error);
    throw new InvalidInputError({
      message: `cannot read the prompt file (${reason}).`,
      location: { file },
      cause: error,
    });
  }
  if (text.trim() === "") throw new InvalidInputError({ message: "the prompt file is empty.", location: { file } });
  return text.trim();
}
