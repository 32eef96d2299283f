import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrateDatabase, storeMigrations } from "./migrations.js";

describe("migrateDatabase", () => {
  it("applies pending migrations in order, once", () => {
    const database = new BetterSqlite3(":memory:");
    expect(migrateDatabase({ database })).toBe(1);
    const next = [
      ...storeMigrations,
      { version: 2, description: "note on runs", sql: "ALTER TABLE runs ADD COLUMN note TEXT;" },
      { version: 3, description: "index on note", sql: "CREATE INDEX runs_by_note ON runs (note);" },
    ];
    expect(migrateDatabase({ database, migrations: next })).toBe(3);
    expect(migrateDatabase({ database, migrations: next })).toBe(3);
    const columns = database.prepare("SELECT name FROM pragma_table_info('runs')").all();
    expect(columns).toContainEqual({ name: "note" });
    expect(database.pragma("user_version", { simple: true })).toBe(3);
    database.close();
  });

  it("rolls back a migration that fails and keeps the old version", () => {
    const database = new BetterSqlite3(":memory:");
    migrateDatabase({ database });
    const broken = [
      ...storeMigrations,
      { version: 2, description: "broken", sql: "ALTER TABLE runs ADD COLUMN ok TEXT; ALTER TABLE nope ADD x;" },
    ];
    expect(() => migrateDatabase({ database, migrations: broken })).toThrow(/nope/);
    expect(database.pragma("user_version", { simple: true })).toBe(1);
    const columns = database.prepare("SELECT name FROM pragma_table_info('runs')").all();
    expect(columns).not.toContainEqual({ name: "ok" });
    database.close();
  });
});
