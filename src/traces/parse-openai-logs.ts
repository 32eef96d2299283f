import type { ToolCallRecord, TraceMessage } from "../spec/trace.js";
import { isRecord } from "./is-record.js";
import { keepLongestConversations } from "./keep-longest-conversations.js";
import type { LoggedConversation } from "./logged-conversation.js";
import { parseJsonLines } from "./parse-json-lines.js";
import type { FailAt } from "./parse-trace-message.js";

const roleOf: Readonly<Record<string, TraceMessage["role"]>> = {
  system: "system",
  developer: "system",
  user: "user",
  assistant: "assistant",
  tool: "tool",
  function: "tool",
};

/**
 * Reads OpenAI Chat Completions logs, JSONL, one call a line, in either form:
 * - a request/response pair `{request: {messages, tools?, metadata?}, response: {id, choices: [{message}]}}` — the
 *   request's messages followed by the first choice's message;
 * - the flat `{messages: [...]}` form (stored completions, fine-tuning files).
 * Messages follow the Chat Completions API: `developer` counts as `system`, `content` is a string, null (an assistant
 * message that only calls tools) or an array of parts whose text parts are kept, assistant `tool_calls` become tool
 * calls (arguments parsed from their JSON string), `tool` messages keep `tool_call_id`. The conversation id is the
 * line's `id`, else `metadata.conversation_id` (of the line or the request), else the response id, else `line-<n>`;
 * lines sharing an id are one conversation logged call by call, and the longest is kept. Optional `score`,
 * `expected` and `feedback` on a line are kept.
 *
 * @throws InvalidInputError naming the file, the 1-based line and the field of the first bad line.
 */
export function parseOpenAILogs(options: { readonly text: string; readonly file: string }): LoggedConversation[] {
  const conversations = parseJsonLines(options).map(({ value, lineNumber, fail }): LoggedConversation => {
    if (!isRecord(value)) throw fail("Expected a JSON object with `request` and `response`, or `messages`.");
    const request = value.request;
    const response = value.response;
    const messages: TraceMessage[] = [];
    if (request !== undefined) {
      if (!isRecord(request)) throw fail("Expected an object with `messages`.", "request");
      messages.push(...parseMessages(request.messages, { field: "request.messages", fail }));
      if (response !== undefined) messages.push(parseChoice(response, fail));
    } else messages.push(...parseMessages(value.messages, { field: "messages", fail }));
    const id = conversationId({ value, request, response }) ?? `line-${lineNumber}`;
    return { id, messages, ...outcomeOf(value, fail) };
  });
  return keepLongestConversations(conversations);
}

function conversationId(parts: {
  value: Record<string, unknown>;
  request: unknown;
  response: unknown;
}): string | undefined {
  const { value, request, response } = parts;
  const candidates = [
    value.id,
    isRecord(value.metadata) ? value.metadata.conversation_id : undefined,
    isRecord(request) && isRecord(request.metadata) ? request.metadata.conversation_id : undefined,
    isRecord(response) ? response.id : undefined,
  ];
  const found = candidates.find((candidate) => typeof candidate === "string" || typeof candidate === "number");
  return found === undefined ? undefined : String(found);
}

function parseChoice(response: unknown, fail: FailAt): TraceMessage {
  const choices = isRecord(response) ? response.choices : undefined;
  const first: unknown = Array.isArray(choices) ? choices[0] : undefined;
  if (!isRecord(first) || !isRecord(first.message))
    throw fail("Expected a Chat Completions response with choices[0].message.", "response.choices.0.message");
  return parseMessage(first.message, { field: "response.choices.0.message", fail });
}

function parseMessages(value: unknown, context: { readonly field: string; readonly fail: FailAt }): TraceMessage[] {
  if (!Array.isArray(value) || value.length === 0)
    throw context.fail("Expected a non-empty array of messages.", context.field);
  return value.map((message: unknown, index) =>
    parseMessage(message, { field: `${context.field}.${index}`, fail: context.fail }),
  );
}

function parseMessage(value: unknown, context: { readonly field: string; readonly fail: FailAt }): TraceMessage {
  const { field, fail } = context;
  if (!isRecord(value)) throw fail("Expected an object {role, content}.", field);
  const role = typeof value.role === "string" ? roleOf[value.role] : undefined;
  if (role === undefined)
    throw fail("Expected one of system, developer, user, assistant, tool, function.", `${field}.role`);
  const toolCalls = value.tool_calls === undefined ? [] : parseToolCalls(value.tool_calls, { field, fail });
  const content = contentText(value.content);
  if (content === undefined && !(role === "assistant" && (value.content === null || toolCalls.length > 0)))
    throw fail("Expected a string, null or an array of content parts.", `${field}.content`);
  const name = typeof value.name === "string" ? value.name : undefined;
  return {
    role,
    content: content ?? "",
    ...(toolCalls.length === 0 ? {} : { toolCalls }),
    ...(role === "tool" && name !== undefined ? { toolName: name } : {}),
    ...(typeof value.tool_call_id === "string" ? { toolCallId: value.tool_call_id } : {}),
  };
}

function contentText(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return undefined;
  return content
    .map((part: unknown) => {
      if (!isRecord(part)) return "";
      if (typeof part.text === "string") return part.text;
      return typeof part.type === "string" ? `[${part.type}]` : "";
    })
    .join("");
}

function parseToolCalls(value: unknown, context: { readonly field: string; readonly fail: FailAt }): ToolCallRecord[] {
  const { field, fail } = context;
  if (!Array.isArray(value)) throw fail("Expected an array.", `${field}.tool_calls`);
  return value.map((call: unknown, index) => {
    const at = `${field}.tool_calls.${index}`;
    const fn = isRecord(call) ? call.function : undefined;
    if (!isRecord(call) || !isRecord(fn) || typeof fn.name !== "string")
      throw fail("Expected {id, type: 'function', function: {name, arguments}}.", `${at}.function.name`);
    return {
      ...(typeof call.id === "string" ? { id: call.id } : {}),
      name: fn.name,
      arguments: typeof fn.arguments === "string" ? parseArguments(fn.arguments) : (fn.arguments ?? {}),
    };
  });
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Models sometimes emit arguments that are not JSON; the text is still what they said.
    return text;
  }
}

function outcomeOf(value: Record<string, unknown>, fail: FailAt): Partial<LoggedConversation> {
  const { score, expected, feedback } = value;
  if (score !== undefined && (typeof score !== "number" || !Number.isFinite(score) || score < 0 || score > 1))
    throw fail("Expected a number from 0 to 1.", "score");
  if (expected !== undefined && typeof expected !== "string") throw fail("Expected a string.", "expected");
  if (feedback !== undefined && typeof feedback !== "string") throw fail("Expected a string.", "feedback");
  return {
    ...(score === undefined ? {} : { score }),
    ...(expected === undefined ? {} : { expected }),
    ...(feedback === undefined ? {} : { feedback }),
  };
}
