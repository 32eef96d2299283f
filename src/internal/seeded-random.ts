import { createHash } from "node:crypto";
import type { Random } from "../spec/runtime.js";

/** Deterministic PRNG (mulberry32) implementing `Random`. Same seed → same sequence on every platform. */
export function createSeededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    int(maxExclusive) {
      return Math.floor(next() * maxExclusive);
    },
    fork(label) {
      const digest = createHash("sha256").update(`${seed}:${label}`).digest();
      return createSeededRandom(digest.readUInt32LE(0));
    },
  };
}
