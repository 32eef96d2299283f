import { describe, expect, it } from "vitest";
import { parsePythonJson } from "./parse-python-json.js";
import { toPythonJson } from "./python-json.js";
import { PyFloat } from "./python-value.js";

describe("parsePythonJson", () => {
  it("keeps ints, integral floats and big ints apart, as json.loads does", () => {
    const parsed = parsePythonJson('{"a": 250, "b": 250.0, "c": 1e2, "d": 18446744073709551616, "e": -0.0, "f": 2.5}');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toEqual({
      a: 250,
      b: new PyFloat(250),
      c: new PyFloat(100),
      d: 18446744073709551616n,
      e: new PyFloat(-0),
      f: 2.5,
    });
    expect(toPythonJson({ value: parsed.value })).toBe(
      '{"a": 250, "b": 250.0, "c": 100.0, "d": 18446744073709551616, "e": -0.0, "f": 2.5}',
    );
  });

  it("accepts NaN and Infinity and rejects malformed text as data", () => {
    expect(parsePythonJson("[NaN, -Infinity]")).toEqual({
      ok: true,
      value: [new PyFloat(Number.NaN), new PyFloat(Number.NEGATIVE_INFINITY)],
    });
    for (const text of ["", "{", '{"a": 1,}', "{'a': 1}", '{"a": 1} x', '"\u0001"'])
      expect(parsePythonJson(text).ok).toBe(false);
  });

  it("keeps a __proto__ key as an ordinary key", () => {
    const parsed = parsePythonJson('{"__proto__": {"x": 1}, "a": 2}');
    expect(parsed.ok && Object.keys(parsed.value ?? {})).toEqual(["__proto__", "a"]);
    expect(parsed.ok && toPythonJson({ value: parsed.value })).toBe('{"__proto__": {"x": 1}, "a": 2}');
  });
});
