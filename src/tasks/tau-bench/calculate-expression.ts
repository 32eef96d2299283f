import { toPythonFloatRepr } from "./python-json.js";
import { pythonRound } from "./python-round.js";

/** A Python number: ints and floats print and divide differently. */
interface PythonNumber {
  readonly isFloat: boolean;
  readonly value: number;
}

type Node =
  | { readonly kind: "number"; readonly number: PythonNumber }
  | { readonly kind: "unary"; readonly operator: "+" | "-"; readonly operand: Node }
  | { readonly kind: "binary"; readonly operator: string; readonly left: Node; readonly right: Node }
  | { readonly kind: "call"; readonly callee: Node; readonly argument: Node | undefined };

const syntaxError = (detail = "invalid syntax"): Error => new Error(`${detail} (<string>, line 1)`);

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s*(?:(\d+\.?\d*|\.\d+)|(\*\*|\/\/|[-+*/()]))/y;
  let index = 0;
  while (index < expression.length) {
    if (/^\s*$/.test(expression.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(expression);
    if (match === null) throw syntaxError();
    const token = match[1] ?? match[2] ?? "";
    const previous = tokens[tokens.length - 1];
    if (match[1] !== undefined && previous !== undefined && /^[\d.]/.test(previous)) throw syntaxError();
    tokens.push(token);
    index = pattern.lastIndex;
  }
  return tokens;
}

/** Recursive descent with Python's precedence: `+ -` < `* / //` < unary `+ -` < `**` (right-associative). */
function parse(tokens: readonly string[]): Node {
  let position = 0;
  const peek = (): string | undefined => tokens[position];
  const take = (): string | undefined => tokens[position++];
  const primary = (): Node => {
    const token = take();
    if (token === undefined) throw syntaxError();
    let node: Node;
    if (token === "(") {
      node = sum();
      if (take() !== ")") throw syntaxError("'(' was never closed");
    } else if (/^[\d.]/.test(token)) {
      if (/^0\d*[1-9]/.test(token) && !token.includes("."))
        throw syntaxError(
          "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
        );
      node = { kind: "number", number: { isFloat: token.includes("."), value: Number(token) } };
    } else throw syntaxError();
    while (peek() === "(") {
      take();
      const argument = peek() === ")" ? undefined : sum();
      if (take() !== ")") throw syntaxError("'(' was never closed");
      node = { kind: "call", callee: node, argument };
    }
    return node;
  };
  const power = (): Node => {
    const base = primary();
    if (peek() !== "**") return base;
    take();
    return { kind: "binary", operator: "**", left: base, right: unary() };
  };
  const unary = (): Node => {
    const token = peek();
    if (token === "+" || token === "-") {
      take();
      return { kind: "unary", operator: token, operand: unary() };
    }
    return power();
  };
  const product = (): Node => {
    let node = unary();
    for (let token = peek(); token === "*" || token === "/" || token === "//"; token = peek()) {
      take();
      node = { kind: "binary", operator: token, left: node, right: unary() };
    }
    return node;
  };
  const sum = (): Node => {
    let node = product();
    for (let token = peek(); token === "+" || token === "-"; token = peek()) {
      take();
      node = { kind: "binary", operator: token, left: node, right: product() };
    }
    return node;
  };
  const tree = sum();
  if (position < tokens.length) throw syntaxError(tokens[position] === ")" ? "unmatched ')'" : "invalid syntax");
  return tree;
}

function evaluate(node: Node): PythonNumber {
  switch (node.kind) {
    case "number":
      return node.number;
    case "unary": {
      const operand = evaluate(node.operand);
      return { isFloat: operand.isFloat, value: node.operator === "-" ? -operand.value : operand.value };
    }
    case "call": {
      const callee = evaluate(node.callee);
      if (node.argument !== undefined) evaluate(node.argument);
      throw new Error(`'${callee.isFloat ? "float" : "int"}' object is not callable`);
    }
    case "binary":
      return applyOperator(node.operator, evaluate(node.left), evaluate(node.right));
  }
}

function applyOperator(operator: string, left: PythonNumber, right: PythonNumber): PythonNumber {
  const isFloat = left.isFloat || right.isFloat;
  switch (operator) {
    case "+":
      return { isFloat, value: left.value + right.value };
    case "-":
      return { isFloat, value: left.value - right.value };
    case "*":
      return { isFloat, value: left.value * right.value };
    case "/":
      if (right.value === 0) throw new Error(isFloat ? "float division by zero" : "division by zero");
      return { isFloat: true, value: left.value / right.value };
    case "//":
      if (right.value === 0)
        throw new Error(isFloat ? "float floor division by zero" : "integer division or modulo by zero");
      return { isFloat, value: Math.floor(left.value / right.value) };
    default: {
      if (left.value === 0 && right.value < 0) throw new Error("0.0 cannot be raised to a negative power");
      return { isFloat: isFloat || right.value < 0, value: left.value ** right.value };
    }
  }
}

/**
 * The reference `calculate` tool: only digits, `+ - * / ( ) .` and spaces are allowed; the expression is evaluated
 * with Python's arithmetic and the result printed as `str(round(float(result), 2))` (`"1200.0"`). Failures are the
 * reference's `Error: …` strings.
 */
export function calculateExpression(expression: string): string {
  for (const character of expression)
    if (!"0123456789+-*/(). ".includes(character)) return "Error: invalid characters in expression";
  try {
    const result = evaluate(parse(tokenize(expression)));
    return toPythonFloatRepr(pythonRound({ value: result.value, digits: 2 }));
  } catch (error) {
    return `Error: ${error instanceof Error ? error.message : String(error)}`;
  }
}
