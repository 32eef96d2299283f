import { describe, expect, it } from "vitest";
import { toPythonFloatRepr } from "./python-float-repr.js";
import { toPythonJson } from "./python-json.js";

describe("toPythonFloatRepr", () => {
  it("writes floats as Python's repr does", () => {
    expect(toPythonFloatRepr(10)).toBe("10.0");
    expect(toPythonFloatRepr(-17.99)).toBe("-17.99");
    expect(toPythonFloatRepr(0.0001)).toBe("0.0001");
    expect(toPythonFloatRepr(0.00001)).toBe("1e-05");
    expect(toPythonFloatRepr(1e16)).toBe("1e+16");
    expect(toPythonFloatRepr(123456789012345.6)).toBe("123456789012345.6");
    expect(toPythonFloatRepr(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(toPythonFloatRepr(-0)).toBe("-0.0");
  });
});

describe("toPythonJson", () => {
  it("uses Python's separators, ASCII escapes and the given float keys and key order", () => {
    const value = { b: [1, 2], a: { price: 10, n: 3 }, s: 'café "q"\n', t: true, z: null };
    const text = toPythonJson({
      value,
      format: {
        isFloat: (_parent, key) => key === "price",
        keysOf: (object) => (object === value ? ["s", "a", "b", "t", "z"] : Object.keys(object)),
      },
    });
    expect(text).toBe(
      '{"s": "caf\\u00e9 \\"q\\"\\n", "a": {"price": 10.0, "n": 3}, "b": [1, 2], "t": true, "z": null}',
    );
  });

  it("treats every number as an int by default", () => {
    expect(toPythonJson({ value: { amount: 5, price: 2.5 } })).toBe('{"amount": 5, "price": 2.5}');
  });
});
