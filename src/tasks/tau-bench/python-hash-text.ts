import { toPythonFloatRepr } from "./python-float-repr.js";
import { type PythonJsonFormat, plainPythonJsonFormat } from "./python-json.js";
import { asPyNumber, isPyDict, PyFloat, pyStringRepr } from "./python-value.js";

function tuple(parts: readonly string[]): string {
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(", ")})`;
}

function write(value: unknown, isFloat: boolean, format: PythonJsonFormat): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return pyStringRepr(value);
  if (value instanceof PyFloat) return toPythonFloatRepr(value.value);
  if (typeof value === "number" && isFloat) return toPythonFloatRepr(value);
  const number = asPyNumber(value);
  if (number !== undefined)
    return number.kind === "int" ? String(number.value) : toPythonFloatRepr(Number(number.value));
  if (Array.isArray(value)) return tuple(value.map((element) => write(element, isFloat, format)));
  if (isPyDict(value)) {
    // Python sorts the (str) keys by code point; these keys are ASCII, where that is the default string order.
    const keys = [...format.keysOf(value)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return tuple(keys.map((key) => tuple([pyStringRepr(key), write(value[key], format.isFloat(value, key), format)])));
  }
  return pyStringRepr(String(value));
}

/**
 * The text the original environment hashes to compare databases: `str(to_hashable(value))`, where dicts become
 * tuples of `(key, value)` pairs sorted by key and lists become tuples. It tells `250` from `250.0`, `1` from `True`
 * and `"1"` from `1`, as the original's data hash does. Which plain numbers are floats comes from `format`.
 */
export function toPythonHashText(options: { readonly value: unknown; readonly format?: PythonJsonFormat }): string {
  return write(options.value, false, options.format ?? plainPythonJsonFormat);
}
