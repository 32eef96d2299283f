import { hash } from "node:crypto";

/** True for a property key JavaScript treats as an array index (listed first, in numeric order, by every object). */
function isIndexKey(key: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < 4_294_967_295;
}

/** Object keys as JSON strings, remembered: the same few keys ("role", "content", "text") recur in every call. */
const quotedKeys = new Map<string, string>();
const quotedKeysLimit = 10_000;

function quoteKey(name: string): string {
  let quoted = quotedKeys.get(name);
  if (quoted === undefined) {
    quoted = JSON.stringify(name);
    if (quotedKeys.size < quotedKeysLimit) quotedKeys.set(name, quoted);
  }
  return quoted;
}

/** `keys` sorted by code unit, then array-index keys moved to the front in numeric order. */
function canonicalKeyOrder(keys: string[]): string[] {
  // Insertion sort for the usual handful of keys (`>` compares strings by code unit, as sort() does).
  if (keys.length > 16) keys.sort();
  for (let at = 1; at < keys.length; at += 1) {
    const key = keys[at] ?? "";
    let before = at - 1;
    for (; before >= 0 && (keys[before] ?? "") > key; before -= 1) keys[before + 1] = keys[before] ?? "";
    keys[before + 1] = key;
  }
  const sorted = keys;
  // Only a key that starts with a digit can be an index; most objects have none, and this skips the regex for them.
  const first = sorted[0]?.charCodeAt(0) ?? 0;
  if (first < 48 || first > 57) return sorted;
  const indices = sorted.filter(isIndexKey);
  if (indices.length === 0) return sorted;
  return [...indices.sort((a, b) => Number(a) - Number(b)), ...sorted.filter((key) => !isIndexKey(key))];
}

/** The canonical JSON of `value` (reached under `key`), or undefined where JSON would omit it. */
function canonical(value: unknown, key: string): string | undefined {
  let current = value;
  // As JSON.stringify does, toJSON first (Dates); boxed primitives stay objects, as the canonical form always had them.
  if (current !== null && typeof current === "object" && "toJSON" in current && typeof current.toJSON === "function")
    current = current.toJSON(key);
  switch (typeof current) {
    case "string":
      return JSON.stringify(current);
    case "number":
      return Number.isFinite(current) ? String(current) : "null";
    case "boolean":
      return current ? "true" : "false";
    case "bigint":
      throw new TypeError("Do not know how to serialize a BigInt");
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (current === null) return "null";
  if (Array.isArray(current)) {
    let text = "[";
    for (let index = 0; index < current.length; index += 1) {
      if (index > 0) text += ",";
      text += canonical(current[index], String(index)) ?? "null";
    }
    return `${text}]`;
  }
  // A non-array object: its own enumerable string keys, sorted by code unit, in the order an object built from them
  // lists them (array-index keys first, ascending), which is the order canonical JSON has always had.
  const record = current as Record<string, unknown>;
  let text = "{";
  for (const name of canonicalKeyOrder(Object.keys(record))) {
    const inner = canonical(record[name], name);
    if (inner === undefined) continue;
    text += `${text.length > 1 ? "," : ""}${quoteKey(name)}:${inner}`;
  }
  return `${text}}`;
}

/**
 * JSON with object keys sorted at every level, so equal values always serialise to equal text: exactly
 * `JSON.stringify` with every object's keys sorted, written in one pass without copying the objects.
 */
export function toCanonicalJson(value: unknown): string {
  return canonical(value, "") as string; // undefined where JSON.stringify answers undefined, as it does
}

/** SHA-256 (hex) of the canonical JSON of `value`: the content address used for candidates and the call cache. */
export function stableHash(value: unknown): string {
  return hash("sha256", toCanonicalJson(value), "hex");
}
