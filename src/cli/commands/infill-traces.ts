import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import type { Trace } from "../../spec/trace.js";
import { parseTraceLine } from "../../traces/import-traces.js";

/**
 * Reads the `--traces` file of `dlmpo infill`: JSONL, one trace a line, either `{input, output, score, expected?,
 * feedback?, id?}` or a logged conversation `{messages, score, …}` (docs/traces.md). Blank lines are skipped.
 *
 * @throws InvalidInputError naming the file, the 1-based line and the field of the first bad line.
 */
export async function readInfillTraces(options: { readonly path: string; readonly cwd: string }): Promise<Trace[]> {
  const file = relative(options.cwd, options.path) || options.path;
  let text: string;
  try {
    text = await readFile(options.path, "utf8");
  } catch (error) {
    throw new InvalidInputError({
      message: `cannot read the traces file (${String(error)}).`,
      location: { file },
      cause: error,
    });
  }
  const traces: Trace[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() !== "") traces.push(parseLine({ line, file, lineNumber: index + 1 }));
  });
  return traces;
}

function parseLine(options: { readonly line: string; readonly file: string; readonly lineNumber: number }): Trace {
  const { file, lineNumber } = options;
  const fail = (message: string, field?: string): InvalidInputError =>
    new InvalidInputError({ message, location: { file, line: lineNumber, ...(field === undefined ? {} : { field }) } });
  let value: unknown;
  try {
    value = JSON.parse(options.line);
  } catch (cause) {
    throw new InvalidInputError({
      message: "Not valid JSON. Write one JSON object per line.",
      location: { file, line: lineNumber },
      cause,
    });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw fail("Expected a JSON object with input, output and score.");
  }
  if ("messages" in value) return parseTraceLine(options);
  const { input, output, score, expected, feedback, id }: Record<string, unknown> = { ...value };
  if (typeof input !== "string") throw fail("Expected a string.", "input");
  if (typeof output !== "string") throw fail("Expected a string.", "output");
  if (typeof score !== "number" || !Number.isFinite(score) || score < 0 || score > 1) {
    throw fail("Expected a number from 0 to 1.", "score");
  }
  if (expected !== undefined && typeof expected !== "string") throw fail("Expected a string.", "expected");
  if (feedback !== undefined && typeof feedback !== "string") throw fail("Expected a string.", "feedback");
  return {
    exampleId: typeof id === "string" || typeof id === "number" ? String(id) : `line-${lineNumber}`,
    input,
    output,
    score,
    ...(expected === undefined ? {} : { expected }),
    ...(feedback === undefined ? {} : { feedback }),
  };
}
