import { createHash } from "node:crypto";

/** True for a property key JavaScript treats as an array index (listed first, in numeric order, by every object). */
function isIndexKey(key: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < 4_294_967_295;
}

/** `keys` sorted by code unit, then array-index keys moved to the front in numeric order. */
function canonicalKeyOrder(keys: string[]): string[] {
  const sorted = keys.sort();
  const indices = sorted.filter(isIndexKey);
  if (indices.length === 0) return sorted;
  return [...indices.sort((a, b) => Number(a) - Number(b)), ...sorted.filter((key) => !isIndexKey(key))];
}

/** Appends the canonical JSON of `value` (reached under `key`) to `parts`; returns false when JSON would omit it. */
function writeCanonical(value: unknown, key: string, parts: string[]): boolean {
  let current = value;
  // As JSON.stringify does, toJSON first (Dates); boxed primitives stay objects, as the canonical form always had them.
  if (current !== null && typeof current === "object" && "toJSON" in current && typeof current.toJSON === "function")
    current = current.toJSON(key);
  switch (typeof current) {
    case "string":
      parts.push(JSON.stringify(current));
      return true;
    case "number":
      parts.push(Number.isFinite(current) ? String(current) : "null");
      return true;
    case "boolean":
      parts.push(current ? "true" : "false");
      return true;
    case "bigint":
      throw new TypeError("Do not know how to serialize a BigInt");
    case "undefined":
    case "function":
    case "symbol":
      return false;
  }
  if (current === null) {
    parts.push("null");
    return true;
  }
  if (Array.isArray(current)) {
    parts.push("[");
    current.forEach((item: unknown, index) => {
      if (index > 0) parts.push(",");
      if (!writeCanonical(item, String(index), parts)) parts.push("null");
    });
    parts.push("]");
    return true;
  }
  // A non-array object: its own enumerable string keys, sorted by code unit, in the order an object built from them
  // lists them (array-index keys first, ascending), which is the order canonical JSON has always had.
  const record = current as Record<string, unknown>;
  parts.push("{");
  let first = true;
  for (const name of canonicalKeyOrder(Object.keys(record))) {
    const mark = parts.length;
    parts.push(first ? "" : ",", JSON.stringify(name), ":");
    if (writeCanonical(record[name], name, parts)) first = false;
    else parts.length = mark;
  }
  parts.push("}");
  return true;
}

/**
 * JSON with object keys sorted at every level, so equal values always serialise to equal text: exactly
 * `JSON.stringify` with every object's keys sorted, written in one pass without copying the objects.
 */
export function toCanonicalJson(value: unknown): string {
  const parts: string[] = [];
  return writeCanonical(value, "", parts) ? parts.join("") : (undefined as unknown as string); // JSON.stringify's own answer for undefined
}

/** SHA-256 (hex) of the canonical JSON of `value`: the content address used for candidates and the call cache. */
export function stableHash(value: unknown): string {
  return createHash("sha256").update(toCanonicalJson(value)).digest("hex");
}
