import { InvalidInputError } from "../../errors/invalid-input-error.js";

/** A parsed JSON document and, for objects whose JavaScript key order differs from the text, the text's order. */
export interface OrderedJson {
  readonly value: unknown;
  /** Objects with integer-like keys (which JavaScript moves to the front) mapped to their keys in document order. */
  readonly keyOrders: WeakMap<object, readonly string[]>;
}

interface Cursor {
  readonly text: string;
  index: number;
  readonly keyOrders: WeakMap<object, readonly string[]>;
  readonly file: string;
}

const whitespace = new Set([" ", "\t", "\n", "\r"]);

function skip(cursor: Cursor): void {
  while (whitespace.has(cursor.text[cursor.index] ?? "")) cursor.index += 1;
}

function fail(cursor: Cursor, what: string): never {
  const line = cursor.text.slice(0, cursor.index).split("\n").length;
  throw new InvalidInputError({ message: `invalid JSON: ${what}`, location: { file: cursor.file, line } });
}

function readString(cursor: Cursor): string {
  const start = cursor.index;
  cursor.index += 1;
  while (cursor.index < cursor.text.length) {
    const character = cursor.text[cursor.index];
    if (character === "\\") cursor.index += 2;
    else if (character === '"') {
      cursor.index += 1;
      // The slice is a complete JSON string literal, so JSON.parse yields a string.
      return JSON.parse(cursor.text.slice(start, cursor.index)) as string;
    } else cursor.index += 1;
  }
  return fail(cursor, "unterminated string");
}

const scalarPattern = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

function readValue(cursor: Cursor): unknown {
  skip(cursor);
  const character = cursor.text[cursor.index];
  if (character === '"') return readString(cursor);
  if (character === "[") {
    cursor.index += 1;
    const list: unknown[] = [];
    skip(cursor);
    if (cursor.text[cursor.index] === "]") {
      cursor.index += 1;
      return list;
    }
    for (;;) {
      list.push(readValue(cursor));
      skip(cursor);
      const next = cursor.text[cursor.index];
      cursor.index += 1;
      if (next === "]") return list;
      if (next !== ",") fail(cursor, "expected , or ]");
    }
  }
  if (character === "{") return readObject(cursor);
  scalarPattern.lastIndex = cursor.index;
  const match = scalarPattern.exec(cursor.text);
  if (match === null) return fail(cursor, `unexpected character ${JSON.stringify(character ?? "end of text")}`);
  cursor.index += match[0].length;
  return JSON.parse(match[0]);
}

function readObject(cursor: Cursor): Record<string, unknown> {
  cursor.index += 1;
  const object: Record<string, unknown> = {};
  const keys: string[] = [];
  skip(cursor);
  if (cursor.text[cursor.index] === "}") {
    cursor.index += 1;
    return object;
  }
  for (;;) {
    skip(cursor);
    if (cursor.text[cursor.index] !== '"') fail(cursor, "expected a key");
    const key = readString(cursor);
    skip(cursor);
    if (cursor.text[cursor.index] !== ":") fail(cursor, "expected :");
    cursor.index += 1;
    if (!(key in object)) keys.push(key);
    object[key] = readValue(cursor);
    skip(cursor);
    const next = cursor.text[cursor.index];
    cursor.index += 1;
    if (next === "}") break;
    if (next !== ",") fail(cursor, "expected , or }");
  }
  const actual = Object.keys(object);
  if (actual.some((key, index) => key !== keys[index])) cursor.keyOrders.set(object, keys);
  return object;
}

/**
 * Parses JSON text like `JSON.parse`, and also remembers the document's key order for objects whose integer-like
 * keys JavaScript would reorder (Python keeps insertion order, and the model saw that order).
 * @throws InvalidInputError naming `file` and the line when the text is not JSON.
 */
export function parseOrderedJson(options: {
  readonly text: string;
  readonly file: string;
  /** Where to record key orders (default: a new map); lets several documents share one. */
  readonly keyOrders?: WeakMap<object, readonly string[]>;
}): OrderedJson {
  const keyOrders = options.keyOrders ?? new WeakMap<object, readonly string[]>();
  // Only integer-like keys are reordered by JavaScript; without any, the native parser keeps the document's order.
  if (!/"\d+"\s*:/.test(options.text)) {
    try {
      return { value: JSON.parse(options.text), keyOrders };
    } catch {
      // Fall through to the reader below, which names the line of the error.
    }
  }
  const cursor: Cursor = { text: options.text, index: 0, keyOrders, file: options.file };
  const value = readValue(cursor);
  skip(cursor);
  if (cursor.index < cursor.text.length) fail(cursor, "unexpected text after the value");
  return { value, keyOrders: cursor.keyOrders };
}
