import { type ConversationFeedback, joinFeedback, parseFeedback } from "./join-feedback.js";
import type { LoggedConversation } from "./logged-conversation.js";
import { parseDlmpoConversations } from "./parse-dlmpo-conversations.js";
import { parseOpenAILogs } from "./parse-openai-logs.js";
import { parseOtlpJson } from "./parse-otlp-json.js";
import { readTextFile } from "./read-text-file.js";
import type { Redactor } from "./redact-conversations.js";
import { spansToConversations } from "./spans-to-conversations.js";

/** The log formats dlmpo imports. */
export type TraceFormat = "dlmpo" | "openai" | "otel";

/** The formats, for flag validation and help. */
export const traceFormats: readonly TraceFormat[] = ["dlmpo", "openai", "otel"];

/** Options of {@link importConversations}. */
export interface ImportConversationsOptions {
  readonly format: TraceFormat;
  /** Files to read, in order; each is named as given in errors. */
  readonly paths: readonly string[];
  /** A feedback file to join by conversation or trace id (see `parseFeedback`). */
  readonly feedbackPath?: string | undefined;
  /** Applied to every conversation after the join, before it is returned. */
  readonly redactor?: Redactor | undefined;
}

/** What an import read. */
export interface ImportConversationsResult {
  readonly conversations: LoggedConversation[];
  /** Feedback lines that matched no conversation. */
  readonly unmatchedFeedback: number;
}

/**
 * Reads logged conversations from files of one format (`dlmpo` JSONL, `openai` Chat Completions logs, `otel` OTLP/JSON
 * spans), joins feedback and redacts. Conversations that share an id across files are merged (the longest is kept).
 *
 * @throws InvalidInputError naming the file, line/record and field of the first bad input, or a file that cannot be read.
 */
export async function importConversations(options: ImportConversationsOptions): Promise<ImportConversationsResult> {
  const read: LoggedConversation[] = [];
  for (const path of options.paths)
    read.push(...parseConversationText({ format: options.format, text: await readTextFile(path), file: path }));
  let feedback: ConversationFeedback[] = [];
  if (options.feedbackPath !== undefined)
    feedback = parseFeedback({ text: await readTextFile(options.feedbackPath), file: options.feedbackPath });
  const joined = joinFeedback({ conversations: read, feedback });
  const { redactor } = options;
  return {
    conversations:
      redactor === undefined
        ? joined.conversations
        : joined.conversations.map((one) => redactor.redactConversation(one)),
    unmatchedFeedback: joined.unmatched,
  };
}

/**
 * Parses the text of one file in `format` into conversations.
 *
 * @throws InvalidInputError naming the file, line/record and field of the first bad input.
 */
export function parseConversationText(options: {
  readonly format: TraceFormat;
  readonly text: string;
  readonly file: string;
}): LoggedConversation[] {
  switch (options.format) {
    case "dlmpo":
      return parseDlmpoConversations(options);
    case "openai":
      return parseOpenAILogs(options);
    case "otel":
      return spansToConversations(parseOtlpJson(options));
  }
}

/** Conversations as dlmpo JSONL (one object a line, ending with a newline; empty text for none). */
export function formatConversationLines(conversations: readonly LoggedConversation[]): string {
  return conversations.map((conversation) => `${JSON.stringify(conversation)}\n`).join("");
}
