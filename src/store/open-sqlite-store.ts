import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import type BetterSqlite3 from "better-sqlite3";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { toFileSystemError } from "../errors/file-system-error.js";
import { redactSecrets } from "../internal/redact-secrets.js";
import type { CallCache } from "../spec/call-cache.js";
import type { Clock } from "../spec/runtime.js";
import type { ExampleResult, RunKind, RunRecord, RunStatus, RunStore, StoredEvent } from "../spec/store.js";
import { callKeyPrefix } from "./call-key-prefix.js";
import { checkStoreIdentity, dlmpoApplicationId } from "./check-store-identity.js";
import { createRunLeaseStatements, type LeaseColumns, leaseJoin, toRunLease } from "./create-run-lease-statements.js";
import { migrateDatabase, storeMigrations } from "./migrations.js";
import { createSpanTable, type SpanTable } from "./span-table.js";

/** A RunStore and CallCache in one SQLite file. Close it when done. */
export interface SqliteStore extends RunStore, CallCache, SpanTable {
  /** The database file. */
  readonly path: string;
  /** Number of entries in the call cache. */
  countCachedCalls(): number;
  /** Writes the cache entries and example results still held in memory (one transaction); `close` does it too. */
  flush(): void;
  close(): void;
}

/** Options of {@link openSqliteStore}. */
export interface OpenSqliteStoreOptions {
  /** Database file; its folder is created. `:memory:` gives a private in-memory store. */
  readonly path: string;
  /** Time of cache entries; default: SQLite's own clock. */
  readonly clock?: Clock | undefined;
  /** How long a writer waits for another process's lock, in ms. Default 5000. */
  readonly busyTimeoutMs?: number | undefined;
  /**
   * Longest an example result waits in memory before its batch is written, in ms (0: the end of the tick). Default
   * 20. Whatever the wait, the batch is written before the next run or event write and on close.
   */
  readonly flushAfterMs?: number | undefined;
  /**
   * Longest a call cache entry waits in memory when no result waits with it, in ms (0: the end of the tick); default
   * 200. Fewer, larger transactions write each page of the cache's index once per batch rather than once per call.
   */
  readonly cacheFlushAfterMs?: number | undefined;
  /**
   * Open an existing store for reading only: nothing is created, migrated or written, and a store on a read-only
   * file or folder can still be read. Writes then throw. Default false.
   */
  readonly readOnly?: boolean | undefined;
}

interface RunRow extends LeaseColumns {
  id: string;
  kind: RunKind;
  status: RunStatus;
  created_at_ms: number;
  updated_at_ms: number;
  seed: number;
  config: string;
  summary: string | null;
}

interface EventRow {
  run_id: string;
  sequence: number;
  type: string;
  at_ms: number;
  data: string;
}

interface ResultRow {
  run_id: string;
  candidate_hash: string;
  split: string;
  example_id: string;
  score: number;
  trace: string;
}

const parseJson = (text: string): unknown => JSON.parse(text);

const toRunRecord = (row: RunRow): RunRecord => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  createdAtMs: row.created_at_ms,
  updatedAtMs: row.updated_at_ms,
  seed: row.seed,
  config: parseJson(row.config),
  ...(row.summary === null ? {} : { summary: parseJson(row.summary) }),
  ...leaseOf(row),
});

/** Cache entries and example results are written together once this many wait (else after their wait). */
const batchLimit = 2000;

/** better-sqlite3, loaded on first open so that commands that never open a store do not load the native module. */
const loadSqlite = (): typeof BetterSqlite3 => createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3; // the package's CommonJS export

const leaseOf = (row: LeaseColumns): { lease?: RunRecord["lease"] } => {
  const lease = toRunLease(row);
  return lease === undefined ? {} : { lease };
};

/** Whether this process may write the file and its folder (a migration writes both: the file and its journal). */
function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const sqliteCode = (error: unknown): string | undefined =>
  error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;

/**
 * Opens `path` read-only. SQLite cannot open a WAL-mode file read-only in a folder it may not write to (it needs a
 * shared-memory file beside it); when that is the only obstacle and no write-ahead log is pending, the file's bytes
 * are read into memory instead (its header switched to the rollback journal, which an in-memory copy needs).
 */
function openReadOnly(path: string, timeout: number): BetterSqlite3.Database {
  if (!existsSync(path))
    throw new DlmpoError({ code: "not-found", message: `No store at ${path}. Pass another --store.` });
  const database = new (loadSqlite())(path, { readonly: true, fileMustExist: true, timeout });
  try {
    database.pragma("user_version", { simple: true });
    return database;
  } catch (error) {
    database.close();
    const wal = `${path}-wal`;
    const pendingLog = existsSync(wal) && statSync(wal).size > 0;
    if (!["SQLITE_READONLY_DIRECTORY", "SQLITE_CANTOPEN"].includes(sqliteCode(error) ?? "") || pendingLog) throw error;
    const bytes = readFileSync(path);
    // Bytes 18 and 19 of the header are the file format's write and read versions: 2 = WAL, 1 = rollback journal.
    if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes.fill(1, 18, 20);
    return new (loadSqlite())(bytes, { readonly: true });
  }
}

/**
 * Opens (creating and migrating when needed) the SQLite store at `path`: WAL journal with `synchronous = NORMAL` (a
 * commit does not wait for fsync; a power cut may lose the last commits, never corrupt the file), a busy timeout so
 * several processes can write at once, foreign keys on. A database that is not a dlmpo store is refused before anything
 * is written to it. Configs and summaries pass through `redactSecrets` before they are written. Runs, events and leases
 * are written when the call returns; cache entries and example results are batched (one transaction per
 * `flushAfterMs` for results, `cacheFlushAfterMs` for cache entries alone, or per 2,000 rows) and always written before
 * the next run or event write, on `flush` and on `close`, so an event that depends on a call is never stored without
 * it. Cache reads made in the same turn of the event loop are answered by one query. Throws a DlmpoError (`invalid-input`) naming the file
 * when it cannot be opened as a dlmpo store, and (`not-found`) when `readOnly` is set and there is no file.
 */
export function openSqliteStore(options: OpenSqliteStoreOptions): SqliteStore {
  const { path } = options;
  const timeout = options.busyTimeoutMs ?? 5000;
  let database: BetterSqlite3.Database;
  try {
    if (options.readOnly === true) {
      database = openReadOnly(path, timeout);
      checkStoreIdentity({ database, path });
      let version = database.pragma("user_version", { simple: true });
      const newest = storeMigrations.at(-1)?.version ?? 0;
      if (typeof version === "number" && version > 0 && version < newest && isWritable(path)) {
        // A store of an older dlmpo on a writable file is brought up to date, as any other command would.
        database.close();
        openSqliteStore({ path, busyTimeoutMs: timeout }).close();
        database = openReadOnly(path, timeout);
        version = database.pragma("user_version", { simple: true });
      }
      if (version === 0)
        throw new DlmpoError({ code: "not-found", message: `The store ${path} holds no dlmpo data yet.` });
      if (version !== newest)
        throw new DlmpoError({
          code: "invalid-input",
          message: `The store ${path} has schema version ${String(version)}, this dlmpo reads ${newest}; open it once with a dlmpo that may write it.`,
        });
    } else {
      if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
      database = new (loadSqlite())(path, { timeout });
      checkStoreIdentity({ database, path });
      database.pragma("journal_mode = WAL");
      database.pragma("foreign_keys = ON");
      database.pragma("synchronous = NORMAL");
      migrateDatabase({ database });
      if (database.pragma("application_id", { simple: true }) !== dlmpoApplicationId)
        database.pragma(`application_id = ${dlmpoApplicationId}`);
    }
  } catch (error) {
    if (error instanceof DlmpoError) throw error;
    const fileSystemError = toFileSystemError(error);
    if (fileSystemError !== undefined) throw fileSystemError;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DlmpoError({
      code: "invalid-input",
      message: `Cannot open the store ${path}: ${reason}. Pass another --store.`,
      cause: error,
    });
  }
  const nowSql = "CAST(unixepoch('subsec') * 1000 AS INTEGER)";
  const statements = {
    insertRun: database.prepare(
      "INSERT INTO runs (id, kind, status, created_at_ms, updated_at_ms, seed, config, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    updateRun: database.prepare<[{ id: string; atMs: number; status: string | null; summary: string | null }]>(
      "UPDATE runs SET updated_at_ms = @atMs, status = COALESCE(@status, status), summary = COALESCE(@summary, summary) WHERE id = @id",
    ),
    getRun: database.prepare<[string], RunRow>(`${leaseJoin} WHERE runs.id = ?`),
    listRuns: database.prepare<[{ kind: string | null; limit: number }], RunRow>(
      `${leaseJoin} WHERE (@kind IS NULL OR kind = @kind) ORDER BY runs.created_at_ms DESC, runs.rowid DESC LIMIT @limit`,
    ),
    nextSequence: database.prepare<[string], { next: number }>(
      "SELECT COALESCE(MAX(sequence), 0) + 1 AS next FROM events WHERE run_id = ?",
    ),
    insertEvent: database.prepare("INSERT INTO events (run_id, sequence, type, at_ms, data) VALUES (?, ?, ?, ?, ?)"),
    listEvents: database.prepare<[string], EventRow>("SELECT * FROM events WHERE run_id = ? ORDER BY sequence"),
    upsertResult: database.prepare(
      "INSERT OR REPLACE INTO results (run_id, candidate_hash, split, example_id, score, trace) VALUES (?, ?, ?, ?, ?, ?)",
    ),
    listResults: database.prepare<[{ runId: string; candidateHash: string | null; split: string | null }], ResultRow>(
      "SELECT * FROM results WHERE run_id = @runId AND (@candidateHash IS NULL OR candidate_hash = @candidateHash) AND (@split IS NULL OR split = @split) ORDER BY rowid",
    ),
    getCall: database.prepare<[number, string], { value: string }>(
      "SELECT value FROM calls WHERE key_prefix = ? AND key = ? ORDER BY id DESC LIMIT 1",
    ),
    getCalls: database.prepare<[string], { key: string; value: string }>(
      "SELECT key, value FROM calls WHERE key_prefix IN (SELECT value FROM json_each(?)) ORDER BY id",
    ),
    deleteCall: database.prepare<[number, string]>("DELETE FROM calls WHERE key_prefix = ? AND key = ?"),
    putCall: database.prepare<[number, string, string, string, number | null]>(
      `INSERT INTO calls (key_prefix, key, model_id, value, created_at_ms) VALUES (?, ?, ?, ?, COALESCE(?, ${nowSql}))`,
    ),
    countCalls: database.prepare<[], { count: number }>("SELECT COUNT(*) AS count FROM calls"),
  };
  const appendEvent = database.transaction((event: Omit<StoredEvent, "sequence">): StoredEvent => {
    const sequence = statements.nextSequence.get(event.runId)?.next ?? 1;
    statements.insertEvent.run(event.runId, sequence, event.type, event.atMs, JSON.stringify(event.data ?? null));
    return { ...event, sequence };
  });
  const pendingCalls = new Map<
    string,
    { readonly modelId: string; readonly json: string; readonly atMs: number | undefined }
  >();
  const pendingResults: ExampleResult[] = [];
  const writeBatch = database.transaction(() => {
    for (const [key, call] of pendingCalls) {
      const prefix = callKeyPrefix(key);
      statements.deleteCall.run(prefix, key);
      statements.putCall.run(prefix, key, call.modelId, call.json, call.atMs ?? null);
    }
    for (const result of pendingResults)
      statements.upsertResult.run(
        result.runId,
        result.candidateHash,
        result.split,
        result.exampleId,
        result.score,
        JSON.stringify(result.trace ?? null),
      );
  });
  // The batch's timer and when it fires (performance.now() time); a shorter wait replaces a longer one.
  let flushTimer: { readonly cancel: () => void; readonly atMs: number } | undefined;
  // A failed write at the end of a tick has no caller to tell; the next call of the store throws it.
  let deferredError: unknown;
  const flush = (): void => {
    flushTimer?.cancel();
    flushTimer = undefined;
    if (deferredError !== undefined) {
      const error = deferredError;
      deferredError = undefined;
      throw error;
    }
    if (pendingCalls.size === 0 && pendingResults.length === 0) return;
    writeBatch.immediate();
    pendingCalls.clear();
    pendingResults.length = 0;
  };
  const flushAfterMs = Math.max(0, options.flushAfterMs ?? 20);
  const cacheFlushAfterMs = Math.max(0, options.cacheFlushAfterMs ?? 200);
  const flushLater = (): void => {
    flushTimer = undefined;
    try {
      flush();
    } catch (error) {
      deferredError = error;
    }
  };
  const scheduleFlush = (waitMs: number): void => {
    if (pendingCalls.size + pendingResults.length >= batchLimit) {
      flush();
      return;
    }
    const atMs = performance.now() + waitMs;
    if (flushTimer !== undefined && flushTimer.atMs <= atMs) return;
    flushTimer?.cancel();
    // Real timers on purpose: they bound how long a write waits in memory, whatever clock the caller injects.
    if (waitMs === 0) {
      const immediate = setImmediate(flushLater);
      flushTimer = { atMs, cancel: () => clearImmediate(immediate) };
    } else {
      const timeout = setTimeout(flushLater, waitMs);
      flushTimer = { atMs, cancel: () => clearTimeout(timeout) };
    }
  };
  // Cache reads wait for the end of this turn of the event loop, then one query answers them all.
  const pendingReads = new Map<
    string,
    { resolve: (json: string | undefined) => void; reject: (error: unknown) => void }[]
  >();
  const readCalls = (): void => {
    const reads = [...pendingReads];
    pendingReads.clear();
    let found: Map<string, string>;
    try {
      if (reads.length === 1) {
        const [key = ""] = reads[0] ?? [];
        const row = statements.getCall.get(callKeyPrefix(key), key);
        found = new Map(row === undefined ? [] : [[key, row.value]]);
      } else {
        // Rows of other keys that share a prefix come too; only the keys asked for are looked up in the map.
        const rows = statements.getCalls.all(JSON.stringify(reads.map(([key]) => callKeyPrefix(key))));
        found = new Map(rows.map((row) => [row.key, row.value]));
      }
    } catch (error) {
      for (const [, readers] of reads) for (const reader of readers) reader.reject(error);
      return;
    }
    for (const [key, readers] of reads) for (const reader of readers) reader.resolve(found.get(key));
  };
  const readCall = (key: string): Promise<string | undefined> =>
    new Promise((resolve, reject) => {
      const readers = pendingReads.get(key);
      if (readers !== undefined) readers.push({ resolve, reject });
      else {
        if (pendingReads.size === 0) setImmediate(readCalls);
        pendingReads.set(key, [{ resolve, reject }]);
      }
    });
  const toJsonOrNull = (value: unknown): string | null =>
    value === undefined ? null : JSON.stringify(redactSecrets(value));
  return {
    path,
    ...createRunLeaseStatements(database),
    ...createSpanTable(database),
    createRun(run) {
      flush();
      statements.insertRun.run(
        run.id,
        run.kind,
        run.status,
        run.createdAtMs,
        run.createdAtMs,
        run.seed,
        JSON.stringify(redactSecrets(run.config) ?? null),
        toJsonOrNull(run.summary),
      );
    },
    updateRun(id, patch) {
      flush();
      const changed = statements.updateRun.run({
        id,
        atMs: patch.atMs,
        status: patch.status ?? null,
        summary: toJsonOrNull(patch.summary),
      });
      if (changed.changes === 0) throw new DlmpoError({ code: "not-found", message: `No run with id "${id}".` });
    },
    getRun(id) {
      const row = statements.getRun.get(id);
      return row === undefined ? undefined : toRunRecord(row);
    },
    listRuns(listOptions = {}) {
      return statements.listRuns
        .all({ kind: listOptions.kind ?? null, limit: listOptions.limit ?? -1 })
        .map(toRunRecord);
    },
    appendEvent(event) {
      flush();
      return appendEvent.immediate(event);
    },
    listEvents(runId) {
      return statements.listEvents.all(runId).map((row) => ({
        runId: row.run_id,
        sequence: row.sequence,
        type: row.type,
        atMs: row.at_ms,
        data: parseJson(row.data),
      }));
    },
    recordResults(results) {
      pendingResults.push(...results);
      scheduleFlush(flushAfterMs);
    },
    listResults(runId, filter = {}) {
      flush();
      return statements.listResults
        .all({ runId, candidateHash: filter.candidateHash ?? null, split: filter.split ?? null })
        .map((row) => ({
          runId: row.run_id,
          candidateHash: row.candidate_hash,
          split: row.split,
          exampleId: row.example_id,
          score: row.score,
          trace: parseJson(row.trace),
        }));
    },
    async get(key) {
      const json = pendingCalls.get(key)?.json ?? (await readCall(key));
      return json === undefined ? undefined : parseJson(json);
    },
    async set(key, value, info) {
      const json = JSON.stringify(value);
      pendingCalls.set(key, { modelId: info.modelId, json, atMs: options.clock?.now() });
      scheduleFlush(cacheFlushAfterMs);
    },
    countCachedCalls() {
      flush();
      return statements.countCalls.get()?.count ?? 0;
    },
    flush,
    close() {
      try {
        flush();
      } finally {
        database.close();
      }
    },
  };
}
