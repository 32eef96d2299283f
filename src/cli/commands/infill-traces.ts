import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import type { Trace } from "../../spec/trace.js";
import { parseTraceLines } from "../../traces/import-traces.js";

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
  return parseTraceLines({ text, file, acceptPlain: true });
}
