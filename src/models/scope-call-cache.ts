import { stableHash } from "../internal/stable-hash.js";
import type { CallCache } from "../spec/call-cache.js";
import type { CacheMode } from "./wrap-model.js";

/**
 * A view of `cache` whose keys are namespaced by `scope` (e.g. the full spec of a DLM, base URL included), so entries
 * written for one model or server are never read for another, and which honours `mode`: `use` reads and writes,
 * `refresh` only writes, `off` gives undefined (no cache).
 */
export function scopeCallCache(options: {
  readonly cache: CallCache | undefined;
  readonly scope: string;
  readonly mode: CacheMode;
}): CallCache | undefined {
  const { cache, scope, mode } = options;
  if (cache === undefined || mode === "off") return undefined;
  const keyOf = (key: string): string => stableHash({ scope, key });
  return {
    get: async (key) => (mode === "use" ? cache.get(keyOf(key)) : undefined),
    set: (key, value, info) => cache.set(keyOf(key), value, info),
  };
}
