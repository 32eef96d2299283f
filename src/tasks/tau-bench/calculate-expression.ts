import { toPythonFloatRepr } from "./python-float-repr.js";
import { pyIn, pyIter } from "./python-ops.js";
import { pythonRound } from "./python-round.js";
import type { PyValue } from "./python-value.js";

/** A value of the calculator: Python's exact ints, floats, and the empty tuple `()`. */
type Value =
  | { readonly kind: "int"; readonly value: bigint }
  | { readonly kind: "float"; readonly value: number }
  | { readonly kind: "tuple" }
  | { readonly kind: "complex" };

type Node =
  | { readonly kind: "literal"; readonly value: Value }
  | { readonly kind: "unary"; readonly operator: "+" | "-"; readonly operand: Node }
  | { readonly kind: "binary"; readonly operator: string; readonly left: Node; readonly right: Node }
  | { readonly kind: "call"; readonly callee: Node; readonly argument: Node | undefined };

const syntaxError = (detail = "invalid syntax", line = 1): Error => new Error(`${detail} (<string>, line ${line})`);
const leadingZeros = "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers";

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s*(?:(\d+\.?\d*|\.\d+)|(\*\*|\/\/|[-+*/()]))/y;
  let index = 0;
  while (index < expression.length && !/^\s*$/.test(expression.slice(index))) {
    pattern.lastIndex = index;
    const match = pattern.exec(expression);
    if (match === null) throw syntaxError();
    tokens.push(match[1] ?? match[2] ?? "");
    index = pattern.lastIndex;
  }
  return tokens;
}

const isNumberToken = (token: string | undefined): boolean => token !== undefined && /^[\d.]/.test(token);

function literal(token: string): Value {
  if (token.includes(".")) return { kind: "float", value: Number(token) };
  if (/^0+[1-9]/.test(token)) throw syntaxError(leadingZeros);
  return { kind: "int", value: BigInt(token) };
}

/** Recursive descent with Python's precedence: `+ -` < `* / //` < unary `+ -` < `**` (right-associative). */
function parse(tokens: readonly string[]): Node {
  if (tokens.length === 0) throw syntaxError("invalid syntax", 0);
  let position = 0;
  let depth = 0;
  const peek = (): string | undefined => tokens[position];
  const take = (): string | undefined => tokens[position++];
  const close = (): void => {
    const token = take();
    if (token === ")") return;
    if (token === undefined) throw syntaxError("'(' was never closed");
    throw syntaxError(isNumberToken(token) ? "invalid syntax. Perhaps you forgot a comma?" : "invalid syntax");
  };
  const primary = (): Node => {
    const token = take();
    let node: Node;
    if (token === "(") {
      depth += 1;
      node = peek() === ")" ? { kind: "literal", value: { kind: "tuple" } } : sum();
      close();
      depth -= 1;
    } else if (isNumberToken(token)) node = { kind: "literal", value: literal(token ?? "") };
    else if (token === undefined && depth > 0) throw syntaxError("'(' was never closed");
    else throw syntaxError(token === ")" && depth === 0 ? "unmatched ')'" : "invalid syntax");
    while (peek() === "(") {
      take();
      depth += 1;
      const argument = peek() === ")" ? undefined : sum();
      close();
      depth -= 1;
      node = { kind: "call", callee: node, argument };
    }
    return node;
  };
  const unary = (): Node => {
    const token = peek();
    if (token === "+" || token === "-") {
      take();
      return { kind: "unary", operator: token, operand: unary() };
    }
    const base = primary();
    if (peek() !== "**") return base;
    take();
    return { kind: "binary", operator: "**", left: base, right: unary() };
  };
  const binary = (operators: readonly string[], next: () => Node) => (): Node => {
    let node = next();
    for (let token = peek(); token !== undefined && operators.includes(token); token = peek()) {
      take();
      node = { kind: "binary", operator: token, left: node, right: next() };
    }
    return node;
  };
  const product = binary(["*", "/", "//"], unary);
  const sum = binary(["+", "-"], product);
  const tree = sum();
  if (position < tokens.length) throw syntaxError(tokens[position] === ")" ? "unmatched ')'" : "invalid syntax");
  return tree;
}

const typeName = (value: Value): string => value.kind;

/** Python's `float(int)`, which refuses ints beyond the float range. */
function toFloat(value: Value): number {
  if (value.kind === "float") return value.value;
  if (value.kind === "int") {
    const number = Number(value.value);
    if (!Number.isFinite(number)) throw new Error("int too large to convert to float");
    return number;
  }
  throw new Error(`float() argument must be a string or a real number, not '${typeName(value)}'`);
}

/** Python's int / int: the correctly rounded quotient even when the operands exceed the float range. */
function trueDivide(left: bigint, right: bigint): number {
  if (right === 0n) throw new Error("division by zero");
  const small = (x: bigint): boolean => x <= 2n ** 53n && x >= -(2n ** 53n);
  if (small(left) && small(right)) return Number(left) / Number(right);
  const negative = left < 0n !== right < 0n;
  const a = left < 0n ? -left : left;
  const b = right < 0n ? -right : right;
  // A 64-bit quotient scaled by 2^-shift; the scale is applied in two steps so that neither overflows.
  const shift = 64 - (a.toString(2).length - b.toString(2).length);
  const quotient = shift >= 0 ? (a << BigInt(shift)) / b : a / (b << BigInt(-shift));
  const half = Math.trunc(-shift / 2);
  const result = Number(quotient) * 2 ** half * 2 ** (-shift - half);
  if (!Number.isFinite(result)) throw new Error("integer division result too large for a float");
  return negative ? -result : result;
}

function power(left: Value, right: Value): Value {
  if (left.kind === "int" && right.kind === "int" && right.value >= 0n)
    return { kind: "int", value: left.value ** right.value };
  const base = toFloat(left);
  const exponent = toFloat(right);
  if (base === 0 && exponent < 0) throw new Error("0.0 cannot be raised to a negative power");
  if (base < 0 && !Number.isInteger(exponent)) return { kind: "complex" };
  const result = base ** exponent;
  if (!Number.isFinite(result)) throw new Error("(34, 'Numerical result out of range')");
  return { kind: "float", value: result };
}

function unsupported(operator: string, left: Value, right: Value): Error {
  return new Error(`unsupported operand type(s) for ${operator}: '${typeName(left)}' and '${typeName(right)}'`);
}

function applyOperator(operator: string, left: Value, right: Value): Value {
  if (left.kind === "tuple" || right.kind === "tuple" || left.kind === "complex" || right.kind === "complex") {
    if (operator === "+" && left.kind === "tuple" && right.kind === "tuple") return left;
    if (operator === "+" && left.kind === "tuple")
      throw new Error(`can only concatenate tuple (not "${typeName(right)}") to tuple`);
    if (operator === "*" && (left.kind === "tuple" || right.kind === "tuple")) {
      const other = left.kind === "tuple" ? right : left;
      if (other.kind === "int" || other.kind === "tuple") {
        if (other.kind === "int") return { kind: "tuple" };
        throw new Error("can't multiply sequence by non-int of type 'tuple'");
      }
      throw new Error(`can't multiply sequence by non-int of type '${typeName(other)}'`);
    }
    if (left.kind !== "tuple" && right.kind !== "tuple") return { kind: "complex" };
    throw unsupported(operator, left, right);
  }
  if (operator === "**") return power(left, right);
  if (left.kind === "int" && right.kind === "int") {
    const [x, y] = [left.value, right.value];
    if (operator === "+") return { kind: "int", value: x + y };
    if (operator === "-") return { kind: "int", value: x - y };
    if (operator === "*") return { kind: "int", value: x * y };
    if (operator === "/") return { kind: "float", value: trueDivide(x, y) };
    if (y === 0n) throw new Error("integer division or modulo by zero");
    const quotient = x / y;
    return { kind: "int", value: quotient * y !== x && x < 0n !== y < 0n ? quotient - 1n : quotient };
  }
  const x = toFloat(left);
  const y = toFloat(right);
  if (operator === "+") return { kind: "float", value: x + y };
  if (operator === "-") return { kind: "float", value: x - y };
  if (operator === "*") return { kind: "float", value: x * y };
  if (y === 0) throw new Error(operator === "/" ? "float division by zero" : "float floor division by zero");
  return { kind: "float", value: operator === "/" ? x / y : Math.floor(x / y) };
}

function evaluate(node: Node): Value {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "unary": {
      const operand = evaluate(node.operand);
      if (operand.kind === "tuple") throw new Error(`bad operand type for unary ${node.operator}: 'tuple'`);
      if (node.operator === "+" || operand.kind === "complex") return operand;
      return operand.kind === "int" ? { kind: "int", value: -operand.value } : { kind: "float", value: -operand.value };
    }
    case "call": {
      const callee = evaluate(node.callee);
      if (node.argument !== undefined) evaluate(node.argument);
      throw new Error(`'${typeName(callee)}' object is not callable`);
    }
    case "binary":
      return applyOperator(node.operator, evaluate(node.left), evaluate(node.right));
  }
}

/** `str(round(x, 2))` for a float: Python's round keeps `-0.0`, `inf` and `nan`. */
function roundedText(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return toPythonFloatRepr(value);
  return toPythonFloatRepr(pythonRound({ value, digits: 2 }));
}

/**
 * The reference `calculate` tool: every element of `expression` (a string's characters; a list's elements, a dict's
 * keys) must be in `0123456789+-*\/(). ` — checked outside the tool's try, so a number or None gives Python's
 * TypeError — and a string is evaluated with Python's arithmetic (exact ints, `()` a tuple, `(-8)**0.5` complex)
 * and printed as `str(round(float(result), 2))`. Failures are the reference's `Error: …` strings.
 * @throws Python's TypeError text for an expression that cannot be iterated (the environment prints `Error: …`).
 */
export function calculateExpression(expression: PyValue): string {
  for (const character of pyIter(expression))
    if (!pyIn(character, "0123456789+-*/(). ")) return "Error: invalid characters in expression";
  try {
    if (typeof expression !== "string") throw new Error("eval() arg 1 must be a string, bytes or code object");
    const result = evaluate(parse(tokenize(expression)));
    return roundedText(toFloat(result));
  } catch (error) {
    return `Error: ${error instanceof Error ? error.message : String(error)}`;
  }
}
