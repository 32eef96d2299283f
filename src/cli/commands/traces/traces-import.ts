import { rename, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { InvalidInputError } from "../../../errors/invalid-input-error.js";
import { formatConversationLines } from "../../../traces/import-conversations.js";
import type { CliContext } from "../../cli-context.js";
import { describeRedactions, readTraceSource, type TraceSourceFlags } from "./read-trace-source.js";

/** Flags of `dlmpo traces import`. */
export interface TracesImportFlags extends TraceSourceFlags {
  readonly out?: string | undefined;
}

/**
 * `dlmpo traces import`: reads logs of one format, joins feedback, redacts, and writes dlmpo conversation JSONL to
 * `--out`. Nothing is written when any input is bad.
 */
export async function runTracesImport(options: {
  readonly files: readonly string[];
  readonly flags: TracesImportFlags;
  readonly context: CliContext;
}): Promise<void> {
  const { flags, context } = options;
  if (flags.out === undefined)
    throw new InvalidInputError({ message: "is required: the JSONL file to write.", location: { field: "--out" } });
  const source = await readTraceSource({ flags, files: options.files, context });
  const out = resolve(context.cwd, flags.out);
  // Written beside the target and renamed, so a crash never leaves half a file under the requested name.
  const partial = `${out}.partial`;
  await writeFile(partial, formatConversationLines(source.conversations));
  await rename(partial, out);
  const withFeedback = source.conversations.filter(
    (conversation) => conversation.score !== undefined || conversation.feedback !== undefined,
  ).length;
  const lines = [
    `Imported ${source.conversations.length} conversations (${flags.from ?? "dlmpo"}) into ${flags.out}; ${withFeedback} with feedback.`,
  ];
  if (source.unmatchedFeedback > 0)
    lines.push(`Warning: ${source.unmatchedFeedback} feedback lines matched no conversation id.`);
  if (source.redacted !== undefined) lines.push(`Redacted: ${describeRedactions(source.redacted)}.`);
  context.stdout.write(`${lines.join("\n")}\n`);
}
