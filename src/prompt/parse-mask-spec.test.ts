import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import { parseMaskSpec } from "./parse-mask-spec.js";

describe("parseMaskSpec", () => {
  it("parses every kind", () => {
    expect(parseMaskSpec({ text: "sentence:2" })).toEqual({ kind: "sentence", index: 2 });
    expect(parseMaskSpec({ text: "random:0.2" })).toEqual({ kind: "random", maskRatio: 0.2 });
    expect(parseMaskSpec({ text: "insert:3" })).toEqual({ kind: "insert", boundary: 3 });
    expect(parseMaskSpec({ text: "delete:1" })).toEqual({ kind: "delete", index: 1 });
    expect(parseMaskSpec({ text: " chars:10-40 " })).toEqual({ kind: "chars", start: 10, end: 40 });
  });

  it.each(["sentence", "sentence:-1", "sentence:1.5", "random:0", "random:1.5", "chars:40-10", "chars:a-b", "word:1"])(
    "rejects %s with an InvalidInputError naming the field",
    (text) => {
      expect(() => parseMaskSpec({ text, field: "--mask" })).toThrow(InvalidInputError);
      expect(() => parseMaskSpec({ text })).toThrow(/--mask.*Use sentence:N/);
    },
  );
});
