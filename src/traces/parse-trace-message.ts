import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { ToolCallRecord, TraceMessage } from "../spec/trace.js";
import { isRecord } from "./is-record.js";

const roles: ReadonlySet<string> = new Set(["system", "user", "assistant", "tool"]);

/** Builds the error of a bad field; `field` is a dotted path. */
export type FailAt = (message: string, field?: string) => InvalidInputError;

/** A `fail` for one line of a file. */
export function failAtLine(options: { readonly file: string; readonly line: number }): FailAt {
  return (message, field) =>
    new InvalidInputError({
      message,
      location: { file: options.file, line: options.line, ...(field === undefined ? {} : { field }) },
    });
}

/**
 * Parses one message of dlmpo's trace format: `{role, content, toolCalls?, toolName?, toolCallId?}`. `content` may be
 * null or absent on an assistant message that only calls tools; `toolCalls` is `[{id?, name, arguments}]`.
 *
 * @throws InvalidInputError (through `fail`) naming the field.
 */
export function parseTraceMessage(
  value: unknown,
  context: { readonly field: string; readonly fail: FailAt },
): TraceMessage {
  const { field, fail } = context;
  if (!isRecord(value)) throw fail("Expected an object {role, content}.", field);
  const { role, content, toolCalls, toolName, toolCallId } = value;
  if (typeof role !== "string" || !roles.has(role))
    throw fail("Expected one of system, user, assistant, tool.", `${field}.role`);
  const calls = toolCalls === undefined ? undefined : parseToolCalls(toolCalls, { field: `${field}.toolCalls`, fail });
  const mayBeEmpty = role === "assistant" && calls !== undefined && calls.length > 0;
  if (typeof content !== "string" && !(mayBeEmpty && (content === null || content === undefined)))
    throw fail("Expected a string.", `${field}.content`);
  if (toolName !== undefined && typeof toolName !== "string") throw fail("Expected a string.", `${field}.toolName`);
  if (toolCallId !== undefined && typeof toolCallId !== "string")
    throw fail("Expected a string.", `${field}.toolCallId`);
  return {
    // `roles` just confirmed the string is one of the four role names.
    role: role as TraceMessage["role"],
    content: typeof content === "string" ? content : "",
    ...(calls === undefined || calls.length === 0 ? {} : { toolCalls: calls }),
    ...(toolName === undefined ? {} : { toolName }),
    ...(toolCallId === undefined ? {} : { toolCallId }),
  };
}

function parseToolCalls(value: unknown, context: { readonly field: string; readonly fail: FailAt }): ToolCallRecord[] {
  const { field, fail } = context;
  if (!Array.isArray(value)) throw fail("Expected an array of {name, arguments}.", field);
  return value.map((call: unknown, index) => {
    if (!isRecord(call) || typeof call.name !== "string" || call.name === "")
      throw fail("Expected a tool name (string).", `${field}.${index}.name`);
    if (call.id !== undefined && typeof call.id !== "string") throw fail("Expected a string.", `${field}.${index}.id`);
    return {
      ...(call.id === undefined ? {} : { id: call.id }),
      name: call.name,
      arguments: call.arguments ?? {},
    };
  });
}
