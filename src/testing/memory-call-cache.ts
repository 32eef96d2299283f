import type { CallCache } from "../spec/call-cache.js";

/** An in-memory CallCache that stores JSON text (like the SQLite cache), with counters for assertions. */
export interface MemoryCallCache extends CallCache {
  /** Entries stored, by key. */
  readonly size: number;
  readonly gets: number;
  readonly hits: number;
  readonly sets: number;
}

/** Creates an empty in-memory call cache. Values round-trip through `JSON.stringify` / `JSON.parse`. */
export function createMemoryCallCache(): MemoryCallCache {
  const entries = new Map<string, string>();
  let gets = 0;
  let hits = 0;
  let sets = 0;
  return {
    get size() {
      return entries.size;
    },
    get gets() {
      return gets;
    },
    get hits() {
      return hits;
    },
    get sets() {
      return sets;
    },
    async get(key) {
      gets += 1;
      const text = entries.get(key);
      if (text === undefined) return undefined;
      hits += 1;
      return JSON.parse(text);
    },
    async set(key, value) {
      sets += 1;
      entries.set(key, JSON.stringify(value));
    },
  };
}
