import { resolve } from "node:path";
import { InvalidInputError } from "../../../errors/invalid-input-error.js";
import { openSqliteStore } from "../../../store/open-sqlite-store.js";
import { importConversations, type TraceFormat, traceFormats } from "../../../traces/import-conversations.js";
import { joinFeedback, parseFeedback } from "../../../traces/join-feedback.js";
import type { LoggedConversation } from "../../../traces/logged-conversation.js";
import { readTextFile } from "../../../traces/read-text-file.js";
import { createRedactor, type RedactionCounts } from "../../../traces/redact-conversations.js";
import { spansToConversations } from "../../../traces/spans-to-conversations.js";
import type { CliContext } from "../../cli-context.js";
import { defaultStorePath } from "../../config/default-paths.js";

/** Where traces come from: files of a format, or the spans `dlmpo traces serve` received into the store. */
export type TraceSourceKind = TraceFormat | "store";

/** The flags every command that reads traces shares. */
export interface TraceSourceFlags {
  readonly from?: string | undefined;
  readonly feedback?: string | undefined;
  readonly redact?: boolean | undefined;
  readonly redactPattern?: readonly string[] | undefined;
  readonly store?: string | undefined;
  /** With `--from store`: only the spans received at or before this time (ms since 1970, the receiver's clock). */
  readonly receivedUntilMs?: number | undefined;
}

/** What a command read. */
export interface TraceSource {
  readonly conversations: LoggedConversation[];
  readonly unmatchedFeedback: number;
  /** What `--redact` replaced now; undefined when it was off. */
  readonly redacted?: RedactionCounts | undefined;
}

/**
 * Reads conversations for a command: `files` in the `--from` format (default dlmpo), or with `--from store` the spans in
 * the store; joins `--feedback`, then redacts when `--redact` or a `--redact-pattern` is given.
 *
 * @throws InvalidInputError for an unknown format, missing files, or bad input (naming file, line and field).
 */
export async function readTraceSource(options: {
  readonly flags: TraceSourceFlags;
  readonly files: readonly string[];
  readonly context: CliContext;
}): Promise<TraceSource> {
  const { flags, context } = options;
  const from = flags.from ?? "dlmpo";
  if (from !== "store" && !traceFormats.some((format) => format === from))
    throw new InvalidInputError({
      message: `must be one of ${[...traceFormats, "store"].join(", ")}, got "${from}".`,
      location: { field: "--from" },
    });
  const patterns = flags.redactPattern ?? [];
  const redactor = flags.redact === true || patterns.length > 0 ? createRedactor({ patterns }) : undefined;
  const feedbackPath = flags.feedback === undefined ? undefined : resolve(context.cwd, flags.feedback);
  if (from === "store") {
    if (options.files.length > 0)
      throw new InvalidInputError({ message: "takes no files with --from store.", location: { field: "FILE" } });
    const storePath =
      flags.store === undefined ? defaultStorePath({ cwd: context.cwd }) : resolve(context.cwd, flags.store);
    const store = openSqliteStore({ path: storePath, readOnly: true });
    let spanConversations: LoggedConversation[];
    try {
      spanConversations = spansToConversations(store.listSpans({ receivedUntilMs: flags.receivedUntilMs }));
    } finally {
      store.close();
    }
    const feedback =
      feedbackPath === undefined ? [] : parseFeedback({ text: await readTextFile(feedbackPath), file: feedbackPath });
    const joined = joinFeedback({ conversations: spanConversations, feedback });
    return {
      conversations:
        redactor === undefined ? joined.conversations : joined.conversations.map(redactor.redactConversation),
      unmatchedFeedback: joined.unmatched,
      ...(redactor === undefined ? {} : { redacted: redactor.counts() }),
    };
  }
  if (options.files.length === 0)
    throw new InvalidInputError({ message: "is required: one or more trace files.", location: { field: "FILE" } });
  // Only the format names pass the check above.
  const format = from as TraceFormat;
  const result = await importConversations({
    format,
    paths: options.files.map((file) => resolve(context.cwd, file)),
    feedbackPath,
    redactor,
  });
  return { ...result, ...(redactor === undefined ? {} : { redacted: redactor.counts() }) };
}

/** `--redact` and friends, as one line: "3 emails, 1 phone" (or "nothing"). */
export function describeRedactions(counts: RedactionCounts): string {
  const names: Readonly<Record<keyof RedactionCounts, string>> = {
    email: "email",
    phone: "phone number",
    card: "card number",
    key: "key",
    custom: "custom match",
  };
  const parts = (Object.keys(names) as (keyof RedactionCounts)[]) // The keys of `names` are the kinds.
    .filter((kind) => counts[kind] > 0)
    .map((kind) => `${counts[kind]} ${names[kind]}${counts[kind] === 1 ? "" : "s"}`);
  return parts.length === 0 ? "nothing" : parts.join(", ");
}
