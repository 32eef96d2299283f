import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import { parseOrderedJson } from "./parse-ordered-json.js";

describe("parseOrderedJson", () => {
  it("parses like JSON.parse and records the document order of integer-like keys", () => {
    const text = '{"b": {"20": 1, "3": [true, null, "x"], "a": -1.5e2}}';
    const parsed = parseOrderedJson({ text, file: "x.json" });
    expect(parsed.value).toEqual(JSON.parse(text));
    const inner = (parsed.value as { b: object }).b; // the object parsed just above
    expect(Object.keys(inner)).toEqual(["3", "20", "a"]);
    expect(parsed.keyOrders.get(inner)).toEqual(["20", "3", "a"]);
  });

  it("names the file and line of invalid JSON", () => {
    const parse = () => parseOrderedJson({ text: '{"1": 1,\n "2": }', file: "db/products.json" });
    expect(parse).toThrow(InvalidInputError);
    expect(parse).toThrow(/db\/products\.json, line 2/);
  });
});
