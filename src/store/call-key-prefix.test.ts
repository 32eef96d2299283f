import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { callKeyPrefix } from "./call-key-prefix.js";

describe("callKeyPrefix", () => {
  it("is the first 13 hex digits of a SHA-256 key", () => {
    const key = createHash("sha256").update("a call").digest("hex");
    expect(callKeyPrefix(key)).toBe(Number.parseInt(key.slice(0, 13), 16));
    expect(callKeyPrefix("fffffffffffff")).toBe(2 ** 52 - 1);
  });

  it("hashes any other key to a safe integer, the same each time, rarely the same for two keys", () => {
    const keys = ["", "k1", "k2", "key-1", "KEY-1", "Ünïcode ✓", "0123456789ab", "x".repeat(10_000)];
    const prefixes = keys.map(callKeyPrefix);
    for (const prefix of prefixes) expect(Number.isSafeInteger(prefix) && prefix >= 0).toBe(true);
    expect(keys.map(callKeyPrefix)).toEqual(prefixes);
    expect(new Set(prefixes).size).toBe(keys.length);
    const many = new Set(Array.from({ length: 50_000 }, (_, index) => callKeyPrefix(`key-${index}`)));
    expect(many.size).toBe(50_000);
  });
});
