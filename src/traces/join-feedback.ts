import { isRecord } from "./is-record.js";
import type { LoggedConversation } from "./logged-conversation.js";
import { parseJsonLines } from "./parse-json-lines.js";
import type { FailAt } from "./parse-trace-message.js";

/** One piece of feedback on a conversation. */
export interface ConversationFeedback {
  /** The conversation or trace id it is about. */
  readonly id: string;
  /** In [0, 1]: thumbs up = 1, thumbs down = 0. */
  readonly score?: number | undefined;
  readonly comment?: string | undefined;
  readonly expected?: string | undefined;
}

const idKeys = ["id", "conversationId", "conversation_id", "traceId", "trace_id"] as const;

/**
 * Reads a feedback file, JSONL, one piece of feedback a line: an id (`id`, `conversationId`, `conversation_id`,
 * `traceId` or `trace_id`), and any of `thumbs` (`"up"`/`"down"`, true/false, 1/-1), `score` in [0, 1], `comment`
 * (or `feedback`) and `expected`.
 *
 * @throws InvalidInputError naming the file, the 1-based line and the field of the first bad line.
 */
export function parseFeedback(options: { readonly text: string; readonly file: string }): ConversationFeedback[] {
  return parseJsonLines(options).map(({ value, fail }) => {
    if (!isRecord(value)) throw fail("Expected a JSON object with an id and thumbs, score or comment.");
    const key = idKeys.find((name) => typeof value[name] === "string" || typeof value[name] === "number");
    if (key === undefined) throw fail("Expected the conversation or trace id (string).", "id");
    const comment = value.comment ?? value.feedback;
    if (comment !== undefined && typeof comment !== "string") throw fail("Expected a string.", "comment");
    if (value.expected !== undefined && typeof value.expected !== "string")
      throw fail("Expected a string.", "expected");
    const score = scoreOf(value, fail);
    if (score === undefined && comment === undefined && value.expected === undefined)
      throw fail("Expected thumbs, score, comment or expected.", "thumbs");
    return {
      id: String(value[key]),
      ...(score === undefined ? {} : { score }),
      ...(comment === undefined ? {} : { comment }),
      ...(value.expected === undefined ? {} : { expected: value.expected }),
    };
  });
}

function scoreOf(value: Record<string, unknown>, fail: FailAt): number | undefined {
  const { thumbs, score } = value;
  if (score !== undefined) {
    if (typeof score !== "number" || !Number.isFinite(score) || score < 0 || score > 1)
      throw fail("Expected a number from 0 to 1.", "score");
    return score;
  }
  if (thumbs === undefined) return undefined;
  if (thumbs === "up" || thumbs === true || thumbs === 1) return 1;
  if (thumbs === "down" || thumbs === false || thumbs === -1 || thumbs === 0) return 0;
  throw fail('Expected "up", "down", true, false, 1 or -1.', "thumbs");
}

/** Conversations with their feedback, and how much feedback matched none. */
export interface JoinFeedbackResult {
  readonly conversations: LoggedConversation[];
  /** Feedback lines whose id matched no conversation (a typo, or logs that were not imported). */
  readonly unmatched: number;
}

/**
 * Joins feedback to conversations by conversation id or any alias (an OpenTelemetry trace id). Several pieces on one
 * conversation: the score is their mean, the comments are joined with "; ", the last `expected` wins. Feedback
 * replaces a score already logged with the conversation.
 */
export function joinFeedback(options: {
  readonly conversations: readonly LoggedConversation[];
  readonly feedback: readonly ConversationFeedback[];
}): JoinFeedbackResult {
  const byId = new Map<string, ConversationFeedback[]>();
  for (const piece of options.feedback) byId.set(piece.id, [...(byId.get(piece.id) ?? []), piece]);
  const used = new Set<string>();
  const conversations = options.conversations.map((conversation) => {
    const ids = [conversation.id, ...(conversation.aliases ?? [])].filter((id) => byId.has(id));
    for (const id of ids) used.add(id);
    const pieces = ids.flatMap((id) => byId.get(id) ?? []);
    if (pieces.length === 0) return conversation;
    const scores = pieces.flatMap((piece) => (piece.score === undefined ? [] : [piece.score]));
    const comments = pieces.flatMap((piece) => (piece.comment === undefined ? [] : [piece.comment]));
    const expected = pieces.flatMap((piece) => (piece.expected === undefined ? [] : [piece.expected])).at(-1);
    return {
      ...conversation,
      ...(scores.length === 0 ? {} : { score: scores.reduce((sum, score) => sum + score, 0) / scores.length }),
      ...(comments.length === 0 ? {} : { feedback: comments.join("; ") }),
      ...(expected === undefined ? {} : { expected }),
    };
  });
  const unmatched = options.feedback.filter((piece) => !used.has(piece.id)).length;
  return { conversations, unmatched };
}
