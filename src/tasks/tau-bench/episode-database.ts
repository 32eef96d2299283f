import { toPythonHashText } from "./python-hash-text.js";
import type { PythonJsonFormat } from "./python-json.js";

/** A domain's initial database: table name → (record key → record), deeply frozen, in the data file's order. */
export type BaseDatabase = ReadonlyMap<string, ReadonlyMap<string, object>>;

/** Python number kinds of values the tools wrote; everything else follows the domain's float keys. */
export type NumberKind = "int" | "float";

/**
 * One episode's view of the database: reads fall through to the shared frozen base, the first write to a record
 * copies just that record (copy-on-write), so a fresh episode costs nothing and a write costs one record's clone.
 * `Tables` maps table names to record types.
 */
export interface EpisodeDatabase<Tables extends object> {
  /** The record, read-only (the base's records are frozen: writing to one throws). */
  get<Table extends keyof Tables & string>(table: Table, key: string): Tables[Table] | undefined;
  /** The record as this episode's own mutable copy, or undefined when the key does not exist. */
  edit<Table extends keyof Tables & string>(table: Table, key: string): Tables[Table] | undefined;
  has(table: keyof Tables & string, key: string): boolean;
  /** Adds a record (appended after the existing keys, as a Python dict does). */
  insert<Table extends keyof Tables & string>(table: Table, key: string, record: Tables[Table]): void;
  /** Every record of a table in insertion order, read-only. */
  entries<Table extends keyof Tables & string>(table: Table): IterableIterator<[string, Tables[Table]]>;
  /** Records that the value at `parent[key]` is now a Python int or float (how it prints in tool outputs). */
  markNumber(parent: object, key: string, kind: NumberKind): void;
  /** How tool outputs print this database's values. */
  readonly format: PythonJsonFormat;
  /** Keys of `table` written or inserted in this episode. */
  touchedKeys(table: string): ReadonlySet<string>;
  readonly base: BaseDatabase;
}

/** A record that differs between two databases: `expected` / `actual` are undefined when the record is absent. */
export interface RecordDifference {
  readonly table: string;
  readonly key: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

/**
 * Creates a fresh episode database over `base`. `floatKeys` are the property names whose numbers are Python floats
 * in the data (retail: `price`, `amount`, …); `keyOrders` gives the original key order of reordered objects.
 */
export function createEpisodeDatabase<Tables extends object>(options: {
  readonly base: BaseDatabase;
  readonly floatKeys: ReadonlySet<string>;
  readonly keyOrders: WeakMap<object, readonly string[]>;
}): EpisodeDatabase<Tables> {
  const { base, floatKeys, keyOrders } = options;
  const overlays = new Map<string, Map<string, object>>();
  const numberKinds = new WeakMap<object, Map<string, NumberKind>>();
  const overlayOf = (table: string): Map<string, object> => {
    let overlay = overlays.get(table);
    if (overlay === undefined) {
      overlay = new Map();
      overlays.set(table, overlay);
    }
    return overlay;
  };
  const read = (table: string, key: string): object | undefined =>
    overlays.get(table)?.get(key) ?? base.get(table)?.get(key);
  return {
    base,
    // Records are stored untyped; `Tables` is the caller's declaration of what each table holds.
    get: (table, key) => read(table, key) as never,
    edit(table, key) {
      const own = overlays.get(table)?.get(key);
      if (own !== undefined) return own as never; // see `get`
      const shared = base.get(table)?.get(key);
      if (shared === undefined) return undefined;
      const copy = structuredClone(shared);
      overlayOf(table).set(key, copy);
      return copy as never; // see `get`
    },
    has: (table, key) => read(table, key) !== undefined,
    insert(table, key, record) {
      overlayOf(table).set(key, record as object); // every table holds JSON objects
    },
    *entries(table) {
      const overlay = overlays.get(table);
      const shared = base.get(table) ?? new Map<string, object>();
      for (const [key, record] of shared) yield [key, (overlay?.get(key) ?? record) as never]; // see `get`
      for (const [key, record] of overlay ?? []) if (!shared.has(key)) yield [key, record as never]; // see `get`
    },
    markNumber(parent, key, kind) {
      let kinds = numberKinds.get(parent);
      if (kinds === undefined) {
        kinds = new Map();
        numberKinds.set(parent, kinds);
      }
      kinds.set(key, kind);
    },
    format: {
      isFloat: (parent, key) => {
        const kind = numberKinds.get(parent)?.get(key);
        return kind === undefined ? floatKeys.has(key) : kind === "float";
      },
      keysOf: (object) => keyOrders.get(object) ?? Object.keys(object),
    },
    touchedKeys: (table) => new Set(overlays.get(table)?.keys() ?? []),
  };
}

/**
 * The records that differ between two episode databases over the same base, compared as the original's data hash
 * compares them (`str(to_hashable(record))`: key order ignored, `250` ≠ `250.0`). Only records either episode wrote
 * are compared, so this is cheap.
 */
export function diffEpisodeDatabases<Tables extends object>(options: {
  readonly expected: EpisodeDatabase<Tables>;
  readonly actual: EpisodeDatabase<Tables>;
}): RecordDifference[] {
  const { expected, actual } = options;
  const differences: RecordDifference[] = [];
  for (const table of expected.base.keys()) {
    // Table names come from the base, which is what `Tables` describes.
    const name = table as keyof Tables & string;
    const keys = new Set([...expected.touchedKeys(table), ...actual.touchedKeys(table)]);
    for (const key of keys) {
      const want: unknown = expected.get(name, key);
      const got: unknown = actual.get(name, key);
      const same =
        toPythonHashText({ value: want, format: expected.format }) ===
        toPythonHashText({ value: got, format: actual.format });
      if (!same) differences.push({ table, key, expected: want, actual: got });
    }
  }
  return differences;
}
