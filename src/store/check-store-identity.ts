import type { Database } from "better-sqlite3";
import { DlmpoError } from "../errors/dlmpo-error.js";

/** `PRAGMA application_id` of a dlmpo store: the ASCII bytes "dlmp". */
export const dlmpoApplicationId = 0x646c6d70;

/** Tables every dlmpo store has had since schema version 1 (stores written before the application id was set). */
const firstTables = ["runs", "events", "results", "calls"];

/**
 * Checks, by reading only, that `database` is a dlmpo store or an empty file that may become one: its application id
 * is dlmpo's, or it has no tables, or it is a store of an older dlmpo (no application id yet, schema version ≥ 1 and
 * the first version's tables). Throws a DlmpoError (`invalid-input`) naming the file and some of its tables otherwise,
 * before anything was written to it.
 */
export function checkStoreIdentity(options: { readonly database: Database; readonly path: string }): void {
  const { database, path } = options;
  const applicationId = database.pragma("application_id", { simple: true });
  if (applicationId === dlmpoApplicationId) return;
  const tables = database
    .prepare<[], string>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all();
  const version = database.pragma("user_version", { simple: true });
  const isOlderStore =
    typeof version === "number" && version >= 1 && firstTables.every((name) => tables.includes(name));
  if (applicationId === 0 && (tables.length === 0 || isOlderStore)) return;
  const shown = tables.length > 5 ? `${tables.slice(0, 5).join(", ")}, …` : tables.join(", ");
  throw new DlmpoError({
    code: "invalid-input",
    message: `${path} is a SQLite database but not a dlmpo store (tables: ${shown || "none"}); it was left untouched. Pass another --store.`,
  });
}
