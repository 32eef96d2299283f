import type { OtelSpan } from "../spec/otel-span.js";
import { keepLongestConversations } from "./keep-longest-conversations.js";
import type { LoggedConversation } from "./logged-conversation.js";
import { readAiSdkSpan } from "./read-ai-sdk-span.js";
import { readGenAiSpan } from "./read-gen-ai-span.js";

/** Attributes that name the conversation a span belongs to, most specific first. */
const conversationKeys = [
  "gen_ai.conversation.id",
  "ai.telemetry.metadata.conversationId",
  "ai.telemetry.metadata.sessionId",
  "session.id",
] as const;

/**
 * Turns spans into conversations: every model-call span (AI SDK `ai.*` or GenAI `gen_ai.*`, see {@link readAiSdkSpan}
 * and {@link readGenAiSpan}) is read into messages; spans are grouped by conversation id (`gen_ai.conversation.id`,
 * the AI SDK's `metadata.conversationId` / `sessionId`, `session.id`, else the trace id), and of each group the call
 * that saw the most messages (the latest on a tie) is the conversation, since every call repeats the history before
 * it. The trace ids are kept as aliases so feedback keyed by trace id joins. Spans of other kinds are ignored.
 */
export function spansToConversations(spans: readonly OtelSpan[]): LoggedConversation[] {
  const ordered = [...spans].sort((a, b) => compareNanos(a.endTimeUnixNano, b.endTimeUnixNano));
  const records = ordered.flatMap((span): LoggedConversation[] => {
    const messages = readAiSdkSpan(span) ?? readGenAiSpan(span);
    if (messages === undefined || messages.length === 0) return [];
    const named = conversationKeys.map((key) => span.attributes[key]).find((value) => typeof value === "string");
    const id = typeof named === "string" && named !== "" ? named : span.traceId;
    return [{ id, messages, ...(id === span.traceId ? {} : { aliases: [span.traceId] }) }];
  });
  return keepLongestConversations(records);
}

function compareNanos(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
