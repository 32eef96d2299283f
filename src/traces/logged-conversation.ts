import type { TraceMessage } from "../spec/trace.js";

/**
 * One logged conversation from production, whatever format it came in: the messages in order (system prompt, user and
 * assistant turns, tool calls and tool results) and what is known about how it went. The common shape every importer
 * returns and `dlmpo traces import` writes (one JSON object a line, docs/traces.md).
 */
export interface LoggedConversation {
  /** The conversation's id (a logged id, the OpenTelemetry trace id, or `line-<n>`). Feedback joins on it. */
  readonly id: string;
  readonly messages: readonly TraceMessage[];
  /** How well it went, in [0, 1], when feedback says so. */
  readonly score?: number | undefined;
  /** The answer a person expected, when known. */
  readonly expected?: string | undefined;
  /** What people said about it (comments, joined with "; "). */
  readonly feedback?: string | undefined;
  /** Other ids the conversation is known by (an OpenTelemetry trace id besides a conversation id); feedback joins on them too. */
  readonly aliases?: readonly string[] | undefined;
}
