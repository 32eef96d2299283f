/** Name of the SQL function that gives {@link callKeyPrefix} inside SQLite (the migration that adds the column uses it). */
export const callKeyPrefixSqlFunction = "dlmpo_call_key_prefix";

/** 32-bit FNV-1a of `text`'s UTF-16 code units from `offsetBasis`. */
function fnv1a(text: string, offsetBasis: number): number {
  let hash = offsetBasis;
  for (let index = 0; index < text.length; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  return hash >>> 0;
}

/**
 * The integer a call-cache key is indexed by: its first 13 hex digits (52 bits, a safe integer) when it starts with
 * them, as dlmpo's SHA-256 keys do; otherwise 52 bits from two FNV-1a hashes of the whole key. An integer index is far
 * smaller than one on the 64-character key, so a batch of new entries rewrites fewer index pages. Two keys may share
 * a prefix; lookups compare the whole key too.
 */
export function callKeyPrefix(key: string): number {
  if (/^[0-9a-f]{13}/.test(key)) return Number.parseInt(key.slice(0, 13), 16);
  return fnv1a(key, 0x811c9dc5) * 0x100000 + (fnv1a(key, 0x050c5d1f) >>> 12);
}
