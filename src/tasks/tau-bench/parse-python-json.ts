import { PyFloat, type PyValue } from "./python-value.js";

/** The parsed value, or why the text is not JSON (as data). */
export type PythonJsonResult =
  | { readonly ok: true; readonly value: PyValue }
  | { readonly ok: false; readonly error: string };

interface Cursor {
  readonly text: string;
  index: number;
}

class JsonSyntaxError extends Error {}

function skip(cursor: Cursor): void {
  while (/[ \t\n\r]/.test(cursor.text[cursor.index] ?? "")) cursor.index += 1;
}

function fail(cursor: Cursor, what: string): never {
  throw new JsonSyntaxError(`${what} (char ${cursor.index})`);
}

const numberPattern = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
const constants: readonly (readonly [string, PyValue])[] = [
  ["true", true],
  ["false", false],
  ["null", null],
  ["NaN", new PyFloat(Number.NaN)],
  ["Infinity", new PyFloat(Number.POSITIVE_INFINITY)],
  ["-Infinity", new PyFloat(Number.NEGATIVE_INFINITY)],
];

function readNumber(cursor: Cursor): PyValue | undefined {
  numberPattern.lastIndex = cursor.index;
  const match = numberPattern.exec(cursor.text);
  if (match === null) return undefined;
  cursor.index += match[0].length;
  if (match[1] === undefined && match[2] === undefined) {
    const big = BigInt(match[0]);
    return Number.isSafeInteger(Number(big)) ? Number(big) : big;
  }
  const value = Number(match[0]);
  return Number.isInteger(value) || Object.is(value, -0) || !Number.isFinite(value) ? new PyFloat(value) : value;
}

function readString(cursor: Cursor): string {
  let end = cursor.index + 1;
  while (end < cursor.text.length && cursor.text[end] !== '"') end += cursor.text[end] === "\\" ? 2 : 1;
  if (end >= cursor.text.length) return fail(cursor, "Unterminated string starting at");
  try {
    // A complete string literal; JSON.parse rejects bad escapes and raw control characters as json.loads does.
    const value = JSON.parse(cursor.text.slice(cursor.index, end + 1)) as string;
    cursor.index = end + 1;
    return value;
  } catch {
    return fail(cursor, "Invalid control character or escape");
  }
}

function readSequence<T>(cursor: Cursor, close: string, readItem: () => T): T[] {
  cursor.index += 1;
  const items: T[] = [];
  skip(cursor);
  if (cursor.text[cursor.index] === close) {
    cursor.index += 1;
    return items;
  }
  for (;;) {
    items.push(readItem());
    skip(cursor);
    const next = cursor.text[cursor.index];
    cursor.index += 1;
    if (next === close) return items;
    if (next !== ",") fail(cursor, `Expecting ',' delimiter`);
    skip(cursor);
  }
}

function readValue(cursor: Cursor): PyValue {
  skip(cursor);
  const character = cursor.text[cursor.index];
  if (character === '"') return readString(cursor);
  if (character === "[") return readSequence(cursor, "]", () => readValue(cursor));
  if (character === "{") {
    const object: Record<string, PyValue> = {};
    const entries = readSequence(cursor, "}", () => {
      if (cursor.text[cursor.index] !== '"') fail(cursor, "Expecting property name enclosed in double quotes");
      const key = readString(cursor);
      skip(cursor);
      if (cursor.text[cursor.index] !== ":") fail(cursor, "Expecting ':' delimiter");
      cursor.index += 1;
      return [key, readValue(cursor)] as const;
    });
    // defineProperty, so that a "__proto__" key is an ordinary key (as JSON.parse makes it), not the prototype.
    for (const [key, value] of entries)
      Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
    return object;
  }
  for (const [word, value] of constants) {
    if (cursor.text.startsWith(word, cursor.index)) {
      cursor.index += word.length;
      return value;
    }
  }
  const number = readNumber(cursor);
  if (number === undefined) return fail(cursor, "Expecting value");
  return number;
}

/**
 * Parses JSON as Python's `json.loads` does: integers stay ints (beyond 2^53 as `bigint`), numbers written with a
 * fraction or exponent are floats (`250.0` stays a float, boxed as {@link PyFloat}), `NaN`/`Infinity` are accepted,
 * a repeated key keeps its first position and its last value. Malformed text gives an error as data.
 */
export function parsePythonJson(text: string): PythonJsonResult {
  const cursor: Cursor = { text, index: 0 };
  try {
    const value = readValue(cursor);
    skip(cursor);
    if (cursor.index < text.length) fail(cursor, "Extra data");
    return { ok: true, value };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}
