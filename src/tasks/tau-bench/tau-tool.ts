import type { EpisodeDatabase } from "./episode-database.js";

/** Arguments of one tool call as the model sent them (parsed JSON object). */
export type ToolArguments = Readonly<Record<string, unknown>>;

/**
 * One tau-bench tool: its behaviour mirrors the reference implementation line by line, including the order in which
 * it checks and writes. `invoke` returns the observation string; a thrown error becomes `Error: <message>`.
 */
export interface TauTool<Tables extends object> {
  readonly name: string;
  invoke(options: { readonly database: EpisodeDatabase<Tables>; readonly args: ToolArguments }): string;
}

/** Python's `repr` of a string (single quotes unless the text holds one and no double quote). */
export function toPythonRepr(text: string): string {
  if (text.includes("'") && !text.includes('"')) return `"${text.replaceAll("\\", "\\\\")}"`;
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/** The error Python raises for `mapping[key]` on a missing key: its message is the key's repr. */
export function pythonKeyError(key: string): Error {
  return new Error(toPythonRepr(key));
}

/** A string argument; other JSON values are compared by their JSON text, so they match nothing. */
export function stringArgument(args: ToolArguments, name: string): string {
  const value = args[name];
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A list of strings; a non-list is the error Python would raise when iterating it. */
export function stringListArgument(args: ToolArguments, name: string): string[] {
  const value = args[name];
  if (!Array.isArray(value))
    throw new Error(`'${typeof value === "number" ? "int" : "NoneType"}' object is not iterable`);
  return value.map((element: unknown) => (typeof element === "string" ? element : JSON.stringify(element)));
}

/** A number argument; anything else is Python's TypeError for arithmetic on it. */
export function numberArgument(args: ToolArguments, name: string): number {
  const value = args[name];
  if (typeof value !== "number") throw new Error(`unsupported operand type(s) for ${name}: '${typeof value}'`);
  return value;
}

/** A list of JSON objects (flights, passengers, payments). */
export function objectListArgument(args: ToolArguments, name: string): Record<string, unknown>[] {
  const value = args[name];
  if (!Array.isArray(value)) throw new Error(`'${typeof value}' object is not iterable`);
  return value.map((element: unknown) => {
    if (element === null || typeof element !== "object" || Array.isArray(element))
      throw new Error("string indices must be integers, not 'str'");
    // Checked just above: a non-null, non-array object parsed from JSON.
    return element as Record<string, unknown>;
  });
}
