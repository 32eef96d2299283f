import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dlmpoApplicationId } from "./check-store-identity.js";
import { migrateDatabase, storeMigrations } from "./migrations.js";
import { openSqliteStore } from "./open-sqlite-store.js";

let folder = "";
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "dlmpo-identity-"));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

const baseRun = { kind: "eval", status: "completed", createdAtMs: 1, seed: 0, config: {} } as const;

describe("openSqliteStore on a file that is not a dlmpo store", () => {
  it("refuses an unrelated SQLite database without adding a table or switching it to WAL", () => {
    const path = join(folder, "app.db");
    const app = new BetterSqlite3(path);
    app.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ada');");
    app.close();
    const before = readFileSync(path);
    expect(() => openSqliteStore({ path })).toThrow(
      /app\.db is a SQLite database but not a dlmpo store \(tables: users\)/,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
    const raw = new BetterSqlite3(path, { readonly: true });
    expect(raw.pragma("journal_mode", { simple: true })).toBe("delete");
    raw.close();
  });

  it("refuses a file that is not a database, naming it", () => {
    const path = join(folder, "notes.txt");
    writeFileSync(path, "just some notes, long enough to be read as a header of a database file....\n".repeat(3));
    expect(() => openSqliteStore({ path })).toThrow(/Cannot open the store .*notes\.txt: file is not a database/);
  });

  it("opens a store of an older dlmpo (no application id yet) and marks it as dlmpo's", () => {
    const path = join(folder, "old.sqlite");
    const old = new BetterSqlite3(path);
    old.exec(storeMigrations[0]?.sql ?? "");
    old.pragma("user_version = 1");
    old.close();
    openSqliteStore({ path }).close();
    const raw = new BetterSqlite3(path, { readonly: true });
    expect(raw.pragma("application_id", { simple: true })).toBe(dlmpoApplicationId);
    raw.close();
  });
});

describe("openSqliteStore with readOnly", () => {
  it("reads an existing store, writes nothing and refuses writes", () => {
    const path = join(folder, "s.sqlite");
    const store = openSqliteStore({ path });
    store.createRun({ ...baseRun, id: "r1" });
    store.close();
    const reader = openSqliteStore({ path, readOnly: true });
    expect(reader.listRuns().map((run) => run.id)).toEqual(["r1"]);
    expect(() => reader.createRun({ ...baseRun, id: "r2" })).toThrow(/readonly/);
    reader.close();
  });

  it("brings a writable store of an older schema up to date, then reads it", () => {
    const path = join(folder, "older.sqlite");
    const older = new BetterSqlite3(path);
    migrateDatabase({ database: older, migrations: storeMigrations.slice(0, -1) });
    older
      .prepare(
        "INSERT INTO runs (id, kind, status, created_at_ms, updated_at_ms, seed, config) VALUES ('r0', 'eval', 'completed', 1, 1, 0, '{}')",
      )
      .run();
    older.close();
    const reader = openSqliteStore({ path, readOnly: true });
    expect(reader.listRuns().map((run) => run.id)).toEqual(["r0"]);
    reader.close();
  });

  it("says there is no store instead of creating one", () => {
    expect(() => openSqliteStore({ path: join(folder, "none.sqlite"), readOnly: true })).toThrow(/No store at/);
  });
});
