import { InvalidInputError } from "../errors/invalid-input-error.js";
import { type FailAt, failAtLine } from "./parse-trace-message.js";

/** One non-blank line of a JSONL file, parsed. */
export interface JsonLine {
  readonly value: unknown;
  /** 1-based. */
  readonly lineNumber: number;
  /** Builds an error naming the file, this line and a field. */
  readonly fail: FailAt;
}

/**
 * Parses JSONL text: one JSON value per non-blank line, with the line number and an error builder for each.
 *
 * @throws InvalidInputError naming the file and line of the first line that is not valid JSON.
 */
export function parseJsonLines(options: { readonly text: string; readonly file: string }): JsonLine[] {
  const lines: JsonLine[] = [];
  options.text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const lineNumber = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (cause) {
      throw new InvalidInputError({
        message: "Not valid JSON. Write one JSON object per line.",
        location: { file: options.file, line: lineNumber },
        cause,
      });
    }
    lines.push({ value, lineNumber, fail: failAtLine({ file: options.file, line: lineNumber }) });
  });
  return lines;
}
