import { createHash } from "node:crypto";

/** JSON with object keys sorted at every level, so equal values always serialise to equal text. */
export function toCanonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== "object" || Array.isArray(inner)) return inner;
    // Sorting a plain object's own keys; the cast keeps the entries typed for Object.fromEntries.
    const entries = Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  });
}

/** SHA-256 (hex) of the canonical JSON of `value`: the content address used for candidates and the call cache. */
export function stableHash(value: unknown): string {
  return createHash("sha256").update(toCanonicalJson(value)).digest("hex");
}
