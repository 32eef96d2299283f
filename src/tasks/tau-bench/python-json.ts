import { toPythonFloatRepr } from "./python-float-repr.js";
import { PyFloat } from "./python-value.js";

/**
 * How `toPythonJson` decides what Python would have printed: which numbers were floats (Python prints `10.0`, a
 * JavaScript number cannot tell `10` from `10.0`) and the original key order of objects (JavaScript moves
 * integer-like keys such as product item ids to the front).
 */
export interface PythonJsonFormat {
  /** True when the number stored at `parent[key]` was a Python float. */
  isFloat(parent: object, key: string): boolean;
  /** The keys of `object` in Python's (insertion) order. */
  keysOf(object: object): readonly string[];
}

/** Every number is an int; keys in JavaScript order. */
export const plainPythonJsonFormat: PythonJsonFormat = {
  isFloat: () => false,
  keysOf: (object) => Object.keys(object),
};

/** A string as Python's `json.dumps` (ensure_ascii) writes it: non-ASCII characters as lower-case `\uXXXX`. */
function toPythonJsonString(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function toPythonNumber(value: number, isFloat: boolean): string {
  if (!isFloat && Number.isInteger(value)) return String(value);
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  return toPythonFloatRepr(value);
}

function write(value: unknown, isFloat: boolean, format: PythonJsonFormat): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof PyFloat) return toPythonNumber(value.value, true);
  if (typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return toPythonNumber(value, isFloat);
  if (typeof value === "string") return toPythonJsonString(value);
  if (Array.isArray(value)) return `[${value.map((element) => write(element, isFloat, format)).join(", ")}]`;
  if (typeof value === "object") {
    const parts = format.keysOf(value).map(
      (key) =>
        // Reading an own key of a plain JSON object; the record view is what property access needs.
        `${toPythonJsonString(key)}: ${write((value as Record<string, unknown>)[key], format.isFloat(value, key), format)}`,
    );
    return `{${parts.join(", ")}}`;
  }
  return toPythonJsonString(String(value));
}

/**
 * Serialises a JSON value exactly as Python's `json.dumps(value)` with default settings: `", "` and `": "`
 * separators, ASCII-only strings, floats in `repr` form (`10.0`). Which numbers are floats and the key order come
 * from `format` (default: every number an int, JavaScript key order). Numbers in an array inherit the float-ness of
 * the property holding the array.
 */
export function toPythonJson(options: { readonly value: unknown; readonly format?: PythonJsonFormat }): string {
  return write(options.value, false, options.format ?? plainPythonJsonFormat);
}
