import {
  asPyNumber,
  isPyDict,
  makeFloat,
  type PyFloat,
  type PyValue,
  pyEquals,
  pyLess,
  pyStringRepr,
  pyTypeName,
} from "./python-value.js";

/** Raises Python's TypeError when `key` cannot be a dict key (a list or dict). */
export function checkHashable(key: unknown): void {
  if (Array.isArray(key) || isPyDict(key)) throw new Error(`unhashable type: '${pyTypeName(key)}'`);
}

/** Python's `key in mapping` for a mapping with string keys (`has` tells whether a string key is present). */
export function pyInKeys(key: unknown, has: (key: string) => boolean): boolean {
  checkHashable(key);
  return typeof key === "string" && has(key);
}

/** Python's `needle in container` for any JSON container; a number or None raises Python's TypeError. */
export function pyIn(needle: unknown, container: unknown): boolean {
  if (typeof container === "string") {
    if (typeof needle !== "string")
      throw new Error(`'in <string>' requires string as left operand, not ${pyTypeName(needle)}`);
    return container.includes(needle);
  }
  if (Array.isArray(container)) return container.some((element) => pyEquals(element, needle));
  if (isPyDict(container)) return pyInKeys(needle, (key) => Object.hasOwn(container, key));
  throw new Error(`argument of type '${pyTypeName(container)}' is not iterable`);
}

/** The elements Python's `for x in value` visits (a string's characters, a dict's keys). */
export function pyIter(value: unknown): PyValue[] {
  if (typeof value === "string") return [...value];
  if (Array.isArray(value)) return [...value];
  if (isPyDict(value)) return Object.keys(value);
  throw new Error(`'${pyTypeName(value)}' object is not iterable`);
}

/** Python's `len(value)`. */
export function pyLen(value: unknown): number {
  if (typeof value === "string") return [...value].length;
  if (Array.isArray(value)) return value.length;
  if (isPyDict(value)) return Object.keys(value).length;
  throw new Error(`object of type '${pyTypeName(value)}' has no len()`);
}

/** Python's `container.count(element)` for a list or a string. */
export function pyCount(container: unknown, element: unknown): number {
  if (Array.isArray(container)) return container.filter((candidate) => pyEquals(candidate, element)).length;
  if (typeof container === "string") {
    if (typeof element !== "string") throw new Error(`must be str, not ${pyTypeName(element)}`);
    if (element === "") return [...container].length + 1;
    return container.split(element).length - 1;
  }
  throw new Error(`'${pyTypeName(container)}' object has no attribute 'count'`);
}

/** Python's `sorted(value)` (stable; mixed types raise Python's TypeError). */
export function pySorted(value: unknown): PyValue[] {
  const items = pyIter(value);
  // Python's sort compares each neighbour pair with `<`; a merge sort driven by pyLess raises the same TypeError.
  return items.sort((a, b) => (pyLess(b, a) ? 1 : pyLess(a, b) ? -1 : 0));
}

/** Python's `value.lower()` for a string argument. */
export function pyLower(value: unknown): string {
  if (typeof value !== "string") throw new Error(`'${pyTypeName(value)}' object has no attribute 'lower'`);
  return value.toLowerCase();
}

/** Python's `value[key]` where `value` should be a dict: KeyError `'key'` or the TypeError of other types. */
export function pyGetItem(value: unknown, key: string): PyValue {
  if (isPyDict(value)) {
    if (!Object.hasOwn(value, key)) throw new Error(pyStringRepr(key));
    return value[key] ?? null;
  }
  if (typeof value === "string") throw new Error("string indices must be integers, not 'str'");
  if (Array.isArray(value)) throw new Error("list indices must be integers or slices, not str");
  throw new Error(`'${pyTypeName(value)}' object is not subscriptable`);
}

type Operator = "+" | "-" | "*" | "+=" | "-=";

function unsupported(operator: Operator, left: unknown, right: unknown): Error {
  return new Error(`unsupported operand type(s) for ${operator}: '${pyTypeName(left)}' and '${pyTypeName(right)}'`);
}

function arithmetic(operator: Operator, left: unknown, right: unknown): number | bigint | PyFloat | undefined {
  const a = asPyNumber(left);
  const b = asPyNumber(right);
  if (a === undefined || b === undefined) return undefined;
  const symbol = operator.charAt(0);
  if (a.kind === "int" && b.kind === "int") {
    const x = BigInt(a.value);
    const y = BigInt(b.value);
    const exact = symbol === "+" ? x + y : symbol === "-" ? x - y : x * y;
    return Number.isSafeInteger(Number(exact)) ? Number(exact) : exact;
  }
  const x = Number(a.value);
  const y = Number(b.value);
  return makeFloat(symbol === "+" ? x + y : symbol === "-" ? x - y : x * y);
}

function repeat(sequence: string | readonly PyValue[], times: unknown): string | PyValue[] {
  const count = Math.max(0, Number(asPyNumber(times)?.value ?? 0));
  if (typeof sequence === "string") return sequence.repeat(count);
  return Array.from({ length: count }, () => sequence).flat();
}

/** Python's binary `+`, `-`, `*` (and their augmented forms, which only change the error text) on JSON values. */
export function pyBinary(operator: Operator, left: unknown, right: unknown): PyValue {
  const number = arithmetic(operator, left, right);
  if (number !== undefined) return number;
  const symbol = operator.charAt(0);
  if (symbol === "+") {
    if (typeof left === "string" && typeof right === "string") return left + right;
    if (Array.isArray(left) && Array.isArray(right)) return [...left, ...right];
    if (typeof left === "string" || Array.isArray(left))
      throw new Error(`can only concatenate ${pyTypeName(left)} (not "${pyTypeName(right)}") to ${pyTypeName(left)}`);
  }
  if (symbol === "*") {
    const leftInt = asPyNumber(left)?.kind === "int";
    const rightInt = asPyNumber(right)?.kind === "int";
    if (leftInt && (typeof right === "string" || Array.isArray(right))) return repeat(right, left);
    if (rightInt && (typeof left === "string" || Array.isArray(left))) return repeat(left, right);
    if ((typeof left === "string" || Array.isArray(left)) && asPyNumber(right)?.kind === "float")
      throw new Error(`can't multiply sequence by non-int of type '${pyTypeName(right)}'`);
    if ((typeof right === "string" || Array.isArray(right)) && asPyNumber(left)?.kind === "float")
      throw new Error(`can't multiply sequence by non-int of type '${pyTypeName(left)}'`);
  }
  throw unsupported(operator, left, right);
}

/** Python's unary `-`. */
export function pyNegate(value: unknown): PyValue {
  const number = asPyNumber(value);
  if (number === undefined) throw new Error(`bad operand type for unary -: '${pyTypeName(value)}'`);
  if (typeof number.value === "bigint") return -number.value;
  return number.kind === "float" ? makeFloat(-number.value) : -number.value || 0;
}

/** Python's `target.append(value)` / `extend(values)` on what should be a list (AttributeError otherwise). */
export function pyAppend(target: PyValue, values: readonly PyValue[], method: "append" | "extend"): void {
  if (!Array.isArray(target)) throw new Error(`'${pyTypeName(target)}' object has no attribute '${method}'`);
  // A list of this episode's database or of the model's arguments: Python appends in place.
  (target as PyValue[]).push(...values);
}

/** Python's `max(a, b)` of two values (the first wins ties). */
export function pyMax(a: PyValue, b: PyValue): PyValue {
  return pyLess(a, b) ? b : a;
}

/** Python's `sum(values)` (starts from the int 0). */
export function pySum(values: readonly unknown[]): PyValue {
  let total: PyValue = 0;
  for (const value of values) total = pyBinary("+", total, value);
  return total;
}

/** Python's `copy.deepcopy` of a JSON value (boxed floats are immutable and shared). */
export function pyDeepCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map((element: unknown) => pyDeepCopy(element)) as T; // same shape
  if (isPyDict(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, element] of Object.entries(value))
      Object.defineProperty(copy, key, {
        value: pyDeepCopy(element),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return copy as T; // same shape
  }
  return value;
}

/** A dict's value as a plain record (for building records whose fields the tools set). */
export type MutableDict = Record<string, PyValue>;
