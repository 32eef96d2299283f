import type { Random } from "../../spec/runtime.js";
import type { Example, SplitName } from "../../spec/task.js";
import type { TraceMessage } from "../../spec/trace.js";
import type { LoggedConversation } from "../../traces/logged-conversation.js";
import { toTranscript } from "./to-model-prompt.js";

/** What a replay example holds (its `fields`). */
export interface ReplayFields {
  readonly conversationId: string;
  /** The conversation up to and including the user turn to answer (logged system messages included). */
  readonly prefix: readonly TraceMessage[];
  /** What the logged assistant did next (text, tool calls shown as calls). */
  readonly loggedReply: string;
  /** The conversation's logged score and comments (on every turn of it). */
  readonly loggedScore?: number | undefined;
  readonly loggedFeedback?: string | undefined;
}

/**
 * One replay example per user turn of each conversation (at most `maxTurnsPerConversation`, the last ones): its prefix
 * up to that turn and the logged reply. The conversation's `expected` answer belongs to its last turn only. Ids are
 * `<conversation id>#<turn>` (turn counted from 1).
 */
export function toReplayExamples(options: {
  readonly conversations: readonly LoggedConversation[];
  readonly maxTurnsPerConversation?: number | undefined;
}): Example[] {
  return options.conversations.flatMap((conversation) => {
    const userIndices = conversation.messages.flatMap((message, index) => (message.role === "user" ? [index] : []));
    const kept = userIndices.slice(-(options.maxTurnsPerConversation ?? userIndices.length));
    return kept.map((userIndex): Example => {
      const turn = userIndices.indexOf(userIndex) + 1;
      const next = userIndices.find((index) => index > userIndex) ?? conversation.messages.length;
      const isLast = userIndex === userIndices.at(-1);
      const fields: ReplayFields = {
        conversationId: conversation.id,
        prefix: conversation.messages.slice(0, userIndex + 1),
        loggedReply: toTranscript(conversation.messages.slice(userIndex + 1, next)).replace(/^assistant: /gm, ""),
        ...(conversation.score === undefined ? {} : { loggedScore: conversation.score }),
        ...(conversation.feedback === undefined ? {} : { loggedFeedback: conversation.feedback }),
      };
      return {
        id: `${conversation.id}#${turn}`,
        fields: { ...fields },
        ...(isLast && conversation.expected !== undefined ? { expected: conversation.expected } : {}),
      };
    });
  });
}

/** The fields of a replay example, checked. */
export function replayFieldsOf(example: Example): ReplayFields {
  const { conversationId, prefix, loggedReply } = example.fields;
  if (typeof conversationId !== "string" || !Array.isArray(prefix) || typeof loggedReply !== "string")
    throw new TypeError(`Example ${example.id} is not a replay example.`);
  // Built by toReplayExamples from checked conversations.
  return example.fields as unknown as ReplayFields;
}

/** Shares of conversations per split (they need not add up to 1; they are normalised). */
export interface SplitShares {
  readonly train: number;
  readonly dev: number;
  readonly test: number;
}

/**
 * Splits conversations (never turns: all turns of a conversation land in one split) into train, dev and test in
 * seeded random order by `shares`. Deterministic for a seed.
 */
export function splitConversations(options: {
  readonly conversations: readonly LoggedConversation[];
  readonly shares: SplitShares;
  readonly random: Random;
}): Record<SplitName, LoggedConversation[]> {
  const shuffled = [...options.conversations];
  for (let index = shuffled.length - 1; index > 0; index -= 1) {
    const other = options.random.int(index + 1);
    const swap = shuffled[index];
    const moved = shuffled[other];
    if (swap === undefined || moved === undefined) continue;
    shuffled[index] = moved;
    shuffled[other] = swap;
  }
  const total = options.shares.train + options.shares.dev + options.shares.test;
  const testCount = Math.round((shuffled.length * options.shares.test) / total);
  const devCount = Math.round((shuffled.length * options.shares.dev) / total);
  return {
    test: shuffled.slice(0, testCount),
    dev: shuffled.slice(testCount, testCount + devCount),
    train: shuffled.slice(testCount + devCount),
  };
}
