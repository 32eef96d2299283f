import { describe, expect, it } from "vitest";
import { invalidUtf8Offset } from "./invalid-utf8-offset.js";

describe("invalidUtf8Offset", () => {
  it("accepts valid UTF-8 of every length", () => {
    expect(invalidUtf8Offset(Buffer.from("plain é € 😀 text", "utf8"))).toBeUndefined();
  });

  it("finds the first bad byte: stray continuation, truncated sequence, overlong form, surrogate", () => {
    expect(invalidUtf8Offset(Buffer.from([0x61, 0x62, 0x80]))).toBe(2);
    expect(invalidUtf8Offset(Buffer.from([0x61, 0xe2, 0x82]))).toBe(1);
    expect(invalidUtf8Offset(Buffer.from([0xc0, 0xaf]))).toBe(0);
    expect(invalidUtf8Offset(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(invalidUtf8Offset(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
  });
});
