import type { Database } from "better-sqlite3";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { callKeyPrefix, callKeyPrefixSqlFunction } from "./call-key-prefix.js";

/** One schema change; `version` is the `PRAGMA user_version` the database has after it. */
export interface StoreMigration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** Every schema change, oldest first. Append only: a released migration is never edited. */
export const storeMigrations: readonly StoreMigration[] = [
  {
    version: 1,
    description: "runs, append-only events, per-example results, call cache",
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        config TEXT NOT NULL,
        summary TEXT
      );
      CREATE INDEX runs_by_kind ON runs (kind, created_at_ms);
      CREATE TABLE events (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        sequence INTEGER NOT NULL,
        type TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (run_id, sequence)
      );
      CREATE TABLE results (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        candidate_hash TEXT NOT NULL,
        split TEXT NOT NULL,
        example_id TEXT NOT NULL,
        score REAL NOT NULL,
        trace TEXT NOT NULL,
        PRIMARY KEY (run_id, candidate_hash, split, example_id)
      );
      CREATE TABLE calls (
        key TEXT PRIMARY KEY,
        model_id TEXT NOT NULL,
        value TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    description:
      "call cache keys name the server (base URL) and the proposal memo its DLM: drop entries keyed without them, " +
      "which another server's calls could otherwise have been served from",
    sql: "DELETE FROM calls;",
  },
  {
    version: 3,
    description: "run leases: which process runs a run, until when",
    sql: `
      CREATE TABLE run_leases (
        run_id TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
        owner TEXT NOT NULL,
        pid INTEGER,
        host TEXT,
        expires_at_ms INTEGER NOT NULL
      );
    `,
  },
  {
    version: 4,
    description: "OpenTelemetry spans received by `dlmpo traces serve`",
    sql: `
      CREATE TABLE spans (
        trace_id TEXT NOT NULL,
        span_id TEXT NOT NULL,
        received_at_ms INTEGER NOT NULL,
        span TEXT NOT NULL,
        PRIMARY KEY (trace_id, span_id)
      );
      CREATE INDEX spans_by_time ON spans (received_at_ms);
    `,
  },
  {
    version: 5,
    description: "call cache indexed by an integer prefix of its key (appended rows, a small index), entries kept",
    sql: `
      CREATE TABLE calls_by_prefix (
        id INTEGER PRIMARY KEY,
        key_prefix INTEGER NOT NULL,
        key TEXT NOT NULL,
        model_id TEXT NOT NULL,
        value TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL
      );
      INSERT INTO calls_by_prefix (key_prefix, key, model_id, value, created_at_ms)
        SELECT ${callKeyPrefixSqlFunction}(key), key, model_id, value, created_at_ms FROM calls ORDER BY rowid;
      DROP TABLE calls;
      ALTER TABLE calls_by_prefix RENAME TO calls;
      CREATE INDEX calls_by_key_prefix ON calls (key_prefix);
    `,
  },
];

/**
 * Brings `database` to the newest schema version, applying each pending migration in one immediate transaction,
 * so two processes opening a fresh file at once do not both migrate it. Returns the version reached.
 * Throws when the file's version is newer than this code knows (a newer dlmpo wrote it).
 */
export function migrateDatabase(options: {
  readonly database: Database;
  /** Default: `storeMigrations`. */
  readonly migrations?: readonly StoreMigration[] | undefined;
}): number {
  const { database } = options;
  const migrations = options.migrations ?? storeMigrations;
  const newest = migrations.at(-1)?.version ?? 0;
  const readVersion = (): number => {
    const version: unknown = database.pragma("user_version", { simple: true });
    return typeof version === "number" ? version : 0;
  };
  // Migrations may call dlmpo's own SQL functions.
  database.function(callKeyPrefixSqlFunction, { deterministic: true }, (key) => callKeyPrefix(String(key)));
  const apply = database.transaction(() => {
    const current = readVersion();
    if (current > newest)
      throw new DlmpoError({
        code: "internal",
        message: `The store has schema version ${current}, newer than this dlmpo supports (${newest}). Upgrade dlmpo or use another --store.`,
      });
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      database.exec(migration.sql);
      database.pragma(`user_version = ${migration.version}`);
    }
    return readVersion();
  });
  return readVersion() === newest ? newest : apply.immediate();
}
