import { readFile } from "node:fs/promises";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { Trace, TraceMessage } from "../spec/trace.js";
import { isRecord } from "./is-record.js";
import { type FailAt, parseTraceMessage } from "./parse-trace-message.js";

type Fail = FailAt;

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
  return parseTraceLines({ text, file: options.path });
}

/** Options of {@link parseTraceLines}. */
export interface ParseTraceLinesOptions {
  /** JSONL text, one trace a line; blank lines are skipped. */
  readonly text: string;
  /** The file name that errors name. */
  readonly file: string;
  /**
   * Also accept plain lines `{input, output, score, expected?, feedback?, id?}` besides logged conversations
   * `{messages, score, …}`. Default false: only conversations.
   */
  readonly acceptPlain?: boolean;
}

/**
 * Parses JSONL trace text, one trace per non-blank line (see {@link parseTraceLine}).
 *
 * @throws InvalidInputError naming the file, the 1-based line and the field of the first bad line.
 */
export function parseTraceLines(options: ParseTraceLinesOptions): Trace[] {
  const traces: Trace[] = [];
  options.text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    traces.push(
      parseTraceLine({
        line,
        file: options.file,
        lineNumber: index + 1,
        ...(options.acceptPlain === undefined ? {} : { acceptPlain: options.acceptPlain }),
      }),
    );
  });
  return traces;
}

/**
 * Parses one JSONL line into a trace: a logged conversation, or with `acceptPlain` also a plain
 * `{input, output, score, …}` line.
 *
 * @throws InvalidInputError naming file, line and field.
 */
export function parseTraceLine(options: {
  readonly line: string;
  readonly file: string;
  readonly lineNumber: number;
  readonly acceptPlain?: boolean;
}): Trace {
  const { file, lineNumber } = options;
  const fail: Fail = (message, field) =>
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
  const acceptPlain = options.acceptPlain ?? false;
  if (!isRecord(value)) {
    throw fail(
      acceptPlain
        ? "Expected a JSON object with input, output and score."
        : "Expected a JSON object with `messages` and `score`.",
    );
  }
  if (acceptPlain && !("messages" in value)) return parsePlainTrace(value, { fail, lineNumber });
  return parseConversationTrace(value, { fail, lineNumber });
}

function parseConversationTrace(
  value: Record<string, unknown>,
  context: { readonly fail: Fail; readonly lineNumber: number },
): Trace {
  const { fail } = context;
  const { messages, id } = value;
  if (!Array.isArray(messages) || messages.length === 0)
    throw fail("Expected a non-empty array of {role, content}.", "messages");
  const parsed = messages.map((message: unknown, position) =>
    parseTraceMessage(message, { field: `messages.${position}`, fail }),
  );
  const outcome = parseOutcome(value, fail);
  if (id !== undefined && typeof id !== "string" && typeof id !== "number")
    throw fail("Expected a string or a number.", "id");
  const lastOf = (role: TraceMessage["role"]): string =>
    parsed.filter((message) => message.role === role).at(-1)?.content ?? "";
  return {
    exampleId: id === undefined ? `line-${context.lineNumber}` : String(id),
    input: lastOf("user"),
    output: lastOf("assistant"),
    messages: parsed,
    ...outcome,
  };
}

function parsePlainTrace(
  value: Record<string, unknown>,
  context: { readonly fail: Fail; readonly lineNumber: number },
): Trace {
  const { fail } = context;
  const { input, output, id } = value;
  if (typeof input !== "string") throw fail("Expected a string.", "input");
  if (typeof output !== "string") throw fail("Expected a string.", "output");
  const outcome = parseOutcome(value, fail);
  return {
    // Plain lines predate `id` validation: an id of another type falls back to the line number.
    exampleId: typeof id === "string" || typeof id === "number" ? String(id) : `line-${context.lineNumber}`,
    input,
    output,
    ...outcome,
  };
}

/** The fields both line formats share, checked in this order: `score`, `expected`, `feedback`. */
function parseOutcome(
  value: Record<string, unknown>,
  fail: Fail,
): Pick<Trace, "score"> & Partial<Pick<Trace, "expected" | "feedback">> {
  const { score, expected, feedback } = value;
  if (typeof score !== "number" || !Number.isFinite(score) || score < 0 || score > 1)
    throw fail("Expected a number from 0 to 1.", "score");
  if (expected !== undefined && typeof expected !== "string") throw fail("Expected a string.", "expected");
  if (feedback !== undefined && typeof feedback !== "string") throw fail("Expected a string.", "feedback");
  return {
    score,
    ...(expected === undefined ? {} : { expected }),
    ...(feedback === undefined ? {} : { feedback }),
  };
}
