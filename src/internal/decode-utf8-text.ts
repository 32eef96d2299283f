import { InvalidInputError } from "../errors/invalid-input-error.js";
import { invalidUtf8Offset } from "./invalid-utf8-offset.js";

/**
 * The text of a file's bytes: strict UTF-8 (a leading byte-order mark is dropped). `what` names the file's role in
 * messages ("data file", "prompt file").
 *
 * @throws InvalidInputError naming `file`, the line and the byte offset of the first byte that is not UTF-8, and
 *   saying the file looks binary when it holds a NUL byte.
 */
export function decodeUtf8Text(options: {
  readonly bytes: Uint8Array;
  readonly file: string;
  readonly what: string;
}): string {
  const { bytes, file, what } = options;
  const offset = invalidUtf8Offset(bytes);
  const nul = bytes.indexOf(0);
  if (nul !== -1 && (offset === undefined || nul < offset))
    throw new InvalidInputError({
      message: `the ${what} looks binary (a NUL byte at byte offset ${nul}); give a UTF-8 text file.`,
      location: { file, line: lineAt(bytes, nul) },
    });
  if (offset !== undefined)
    throw new InvalidInputError({
      message: `the ${what} is not valid UTF-8 (byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, "0")} at byte offset ${offset}); save it as UTF-8.`,
      location: { file, line: lineAt(bytes, offset) },
    });
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

/** 1-based line of a byte offset. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index += 1) if (bytes[index] === 0x0a) line += 1;
  return line;
}
