import type { EpisodeDatabase } from "./episode-database.js";
import { pyInKeys } from "./python-ops.js";
import { type PyValue, pyStringRepr } from "./python-value.js";

/** Arguments of one tool call as the model sent them, with Python's types (see `parsePythonJson`). */
export type ToolArguments = Readonly<Record<string, PyValue>>;

/**
 * One tau-bench tool: its behaviour mirrors the reference implementation line by line, including the order in which
 * it checks and writes and what Python does with arguments of other types. `invoke` returns the observation string;
 * a thrown error becomes `Error: <message>`.
 */
export interface TauTool<Tables extends object> {
  readonly name: string;
  invoke(options: { readonly database: EpisodeDatabase<Tables>; readonly args: ToolArguments }): string;
}

/** The error Python raises for `mapping[key]` on a missing key: its message is the key's repr. */
export function pythonKeyError(key: string): Error {
  return new Error(pyStringRepr(key));
}

/** An argument (the signature check guarantees that it was sent). */
export function argument(args: ToolArguments, name: string): PyValue {
  return args[name] ?? null;
}

/**
 * Python's `key in data[table]`: the key when a record has it, undefined when not (numbers, None and bools are
 * never keys), and Python's `unhashable type` error for a list or dict.
 */
export function findKey<Tables extends object>(
  database: EpisodeDatabase<Tables>,
  table: keyof Tables & string,
  key: PyValue,
): string | undefined {
  return pyInKeys(key, (candidate) => database.has(table, candidate)) ? String(key) : undefined;
}
