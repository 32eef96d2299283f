import { readFile } from "node:fs/promises";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { Trace, TraceMessage } from "../spec/trace.js";

const roles: ReadonlySet<string> = new Set(["system", "user", "assistant", "tool"]);

/** Options of {@link importTraces}. */
export interface ImportTracesOptions {
  /** A JSONL file of logged conversations, in the format of docs/traces.md. */
  readonly path: string;
}

/**
 * Reads logged conversations (one JSON object per line: `messages`, `score` in [0, 1], optional `expected`, `feedback`
 * and `id`) into traces: the input is the last user message, the output the last assistant message. Blank lines are
 * skipped.
 *
 * @throws InvalidInputError naming the file, the 1-based line and the field when a line is not valid.
 */
export async function importTraces(options: ImportTracesOptions): Promise<Trace[]> {
  const text = await readFile(options.path, "utf8");
  const traces: Trace[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    traces.push(parseTraceLine({ line, file: options.path, lineNumber: index + 1 }));
  });
  return traces;
}

/**
 * Parses one JSONL line of logged conversation into a trace.
 *
 * @throws InvalidInputError naming file, line and field.
 */
export function parseTraceLine(options: {
  readonly line: string;
  readonly file: string;
  readonly lineNumber: number;
}): Trace {
  const { file, lineNumber } = options;
  const fail = (message: string, field?: string): InvalidInputError =>
    new InvalidInputError({ message, location: { file, line: lineNumber, ...(field === undefined ? {} : { field }) } });
  let value: unknown;
  try {
    value = JSON.parse(options.line);
  } catch (cause) {
    throw new InvalidInputError({
      message: "Not valid JSON. Write one JSON object per line.",
      location: { file, line: lineNumber },
      cause,
    });
  }
  if (!isRecord(value)) throw fail("Expected a JSON object with `messages` and `score`.");
  const { messages, score, expected, feedback, id } = value;
  if (!Array.isArray(messages) || messages.length === 0)
    throw fail("Expected a non-empty array of {role, content}.", "messages");
  const parsed = messages.map((message: unknown, position) => parseMessage(message, `messages.${position}`, fail));
  if (typeof score !== "number" || !Number.isFinite(score) || score < 0 || score > 1)
    throw fail("Expected a number from 0 to 1.", "score");
  if (expected !== undefined && typeof expected !== "string") throw fail("Expected a string.", "expected");
  if (feedback !== undefined && typeof feedback !== "string") throw fail("Expected a string.", "feedback");
  if (id !== undefined && typeof id !== "string" && typeof id !== "number")
    throw fail("Expected a string or a number.", "id");
  const lastOf = (role: TraceMessage["role"]): string =>
    parsed.filter((message) => message.role === role).at(-1)?.content ?? "";
  return {
    exampleId: id === undefined ? `line-${lineNumber}` : String(id),
    input: lastOf("user"),
    output: lastOf("assistant"),
    messages: parsed,
    score,
    ...(expected === undefined ? {} : { expected }),
    ...(feedback === undefined ? {} : { feedback }),
  };
}

function parseMessage(
  value: unknown,
  field: string,
  fail: (message: string, field?: string) => InvalidInputError,
): TraceMessage {
  if (!isRecord(value)) throw fail("Expected an object {role, content}.", field);
  const { role, content } = value;
  if (typeof role !== "string" || !roles.has(role))
    throw fail("Expected one of system, user, assistant, tool.", `${field}.role`);
  if (typeof content !== "string") throw fail("Expected a string.", `${field}.content`);
  // `roles` just confirmed the string is one of the four role names.
  return { role: role as TraceMessage["role"], content };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
