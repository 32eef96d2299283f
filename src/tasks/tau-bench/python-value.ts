import { toPythonFloatRepr } from "./python-float-repr.js";

/**
 * A Python float whose value is integral (`250.0`): JavaScript cannot tell it from the int `250`, so tool arguments
 * and values the tools compute keep it boxed. Non-integral numbers are always floats and stay plain numbers.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A JSON value as Python holds it: `number` is an int when integral, `bigint` an int beyond 2^53. */
export type PyValue = null | boolean | string | number | bigint | PyFloat | readonly PyValue[] | PyDict;
/** A Python dict parsed from JSON (string keys, insertion order). */
export interface PyDict {
  readonly [key: string]: PyValue;
}

/** A number as Python sees it: its kind and value (bool is an int). */
export interface PyNumber {
  readonly kind: "int" | "float";
  readonly value: number | bigint;
}

/** A float result: boxed when integral so that it stays a float. */
export function makeFloat(value: number): number | PyFloat {
  return Number.isInteger(value) || Object.is(value, -0) ? new PyFloat(value) : value;
}

export function isPyDict(value: unknown): value is PyDict {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof PyFloat);
}

/** The number `value` stands for, or undefined when it is not a number or bool. */
export function asPyNumber(value: unknown): PyNumber | undefined {
  if (typeof value === "boolean") return { kind: "int", value: value ? 1 : 0 };
  if (typeof value === "bigint") return { kind: "int", value };
  if (value instanceof PyFloat) return { kind: "float", value: value.value };
  if (typeof value === "number") return { kind: Number.isInteger(value) ? "int" : "float", value };
  return undefined;
}

/** Python's `type(value).__name__`. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "string") return "str";
  if (Array.isArray(value)) return "list";
  const number = asPyNumber(value);
  if (number !== undefined) return number.kind;
  return "dict";
}

/** Python's `repr` of a string. */
export function pyStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (character === "\\") out += "\\\\";
    else if (character === quote) out += `\\${quote}`;
    else if (character === "\n") out += "\\n";
    else if (character === "\r") out += "\\r";
    else if (character === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += character;
  }
  return out + quote;
}

function numberText(number: PyNumber): string {
  if (number.kind === "int") return String(number.value);
  return toPythonFloatRepr(Number(number.value));
}

/** Python's `repr(value)` (lists and dicts as Python prints them). */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return pyStringRepr(value);
  if (Array.isArray(value)) return `[${value.map((element) => pyRepr(element)).join(", ")}]`;
  const number = asPyNumber(value);
  if (number !== undefined) return numberText(number);
  // Remaining case: a JSON object.
  const entries = Object.entries(value as PyDict).map(([key, element]) => `${pyStringRepr(key)}: ${pyRepr(element)}`);
  return `{${entries.join(", ")}}`;
}

/** Python's `str(value)`: a string as it is, anything else as its repr. */
export function pyStr(value: unknown): string {
  return typeof value === "string" ? value : pyRepr(value);
}

/** Python's `==` on JSON values (1 == 1.0 == True; lists element-wise; dicts by keys and values). */
export function pyEquals(left: unknown, right: unknown): boolean {
  const a = asPyNumber(left);
  const b = asPyNumber(right);
  if (a !== undefined || b !== undefined) {
    if (a === undefined || b === undefined) return false;
    if (typeof a.value === "bigint" || typeof b.value === "bigint")
      return a.kind === "int" && b.kind === "int" ? BigInt(a.value) === BigInt(b.value) : false;
    return a.value === b.value;
  }
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((element, index) => pyEquals(element, right[index]));
  }
  if (isPyDict(left) && isPyDict(right)) {
    const keys = Object.keys(left);
    if (keys.length !== Object.keys(right).length) return false;
    return keys.every((key) => Object.hasOwn(right, key) && pyEquals(left[key], right[key]));
  }
  return (left ?? null) === (right ?? null);
}

/** Python's TypeError for `<` between two types. */
function notOrderable(left: unknown, right: unknown, operator: string): Error {
  return new Error(`'${operator}' not supported between instances of '${pyTypeName(left)}' and '${pyTypeName(right)}'`);
}

/** Python's `left < right` for JSON values; raises Python's TypeError for mixed types. */
export function pyLess(left: unknown, right: unknown, operator = "<"): boolean {
  const a = asPyNumber(left);
  const b = asPyNumber(right);
  if (a !== undefined && b !== undefined) {
    if (typeof a.value === "bigint" || typeof b.value === "bigint") {
      if (a.kind === "int" && b.kind === "int") return BigInt(a.value) < BigInt(b.value);
      return Number(a.value) < Number(b.value);
    }
    return a.value < b.value;
  }
  if (typeof left === "string" && typeof right === "string") return left < right;
  if (Array.isArray(left) && Array.isArray(right)) {
    for (let index = 0; index < Math.min(left.length, right.length); index += 1)
      if (!pyEquals(left[index], right[index])) return pyLess(left[index], right[index], operator);
    return left.length < right.length;
  }
  throw notOrderable(left, right, operator);
}
