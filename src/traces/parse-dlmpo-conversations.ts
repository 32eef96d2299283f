import { isRecord } from "./is-record.js";
import type { LoggedConversation } from "./logged-conversation.js";
import { parseJsonLines } from "./parse-json-lines.js";
import { parseTraceMessage } from "./parse-trace-message.js";

/**
 * Reads dlmpo's conversation JSONL (docs/traces.md; also what `dlmpo traces import` writes): one object a line with
 * `messages` (`{role, content, toolCalls?, toolName?, toolCallId?}`, any number of turns), and optional `id`, `score` in
 * [0, 1], `expected`, `feedback` and `aliases`. Blank lines are skipped; a line without `id` gets `line-<n>`.
 *
 * @throws InvalidInputError naming the file, the 1-based line and the field of the first bad line.
 */
export function parseDlmpoConversations(options: {
  readonly text: string;
  readonly file: string;
}): LoggedConversation[] {
  return parseJsonLines(options).map(({ value, lineNumber, fail }) => {
    if (!isRecord(value)) throw fail("Expected a JSON object with `messages`.");
    const { id, messages, score, expected, feedback, aliases } = value;
    if (!Array.isArray(messages) || messages.length === 0)
      throw fail("Expected a non-empty array of {role, content}.", "messages");
    const parsed = messages.map((message: unknown, index) =>
      parseTraceMessage(message, { field: `messages.${index}`, fail }),
    );
    if (id !== undefined && typeof id !== "string" && typeof id !== "number")
      throw fail("Expected a string or a number.", "id");
    if (score !== undefined && (typeof score !== "number" || !Number.isFinite(score) || score < 0 || score > 1))
      throw fail("Expected a number from 0 to 1.", "score");
    if (expected !== undefined && typeof expected !== "string") throw fail("Expected a string.", "expected");
    if (feedback !== undefined && typeof feedback !== "string") throw fail("Expected a string.", "feedback");
    if (aliases !== undefined && !(Array.isArray(aliases) && aliases.every((alias) => typeof alias === "string")))
      throw fail("Expected an array of strings.", "aliases");
    return {
      id: id === undefined ? `line-${lineNumber}` : String(id),
      messages: parsed,
      ...(score === undefined ? {} : { score }),
      ...(expected === undefined ? {} : { expected }),
      ...(feedback === undefined ? {} : { feedback }),
      // `every` above confirmed the strings.
      ...(aliases === undefined ? {} : { aliases: aliases as string[] }),
    };
  });
}
