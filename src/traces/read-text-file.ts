import { readFile } from "node:fs/promises";
import { InvalidInputError } from "../errors/invalid-input-error.js";

/**
 * Reads a UTF-8 input file.
 *
 * @throws InvalidInputError naming the file and the reason (ENOENT, EACCES, …) when it cannot be read.
 */
export async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (cause) {
    const reason = cause instanceof Error && "code" in cause ? String(cause.code) : String(cause);
    throw new InvalidInputError({ message: `cannot read the file (${reason}).`, location: { file: path }, cause });
  }
}
