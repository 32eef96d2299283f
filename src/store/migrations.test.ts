import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrateDatabase, storeMigrations } from "./migrations.js";

describe("migrateDatabase", () => {
  it("applies pending migrations in order, once", () => {
    const database = new BetterSqlite3(":memory:");
    const latest = storeMigrations.at(-1)?.version ?? 0;
    expect(migrateDatabase({ database })).toBe(latest);
    const next = [
      ...storeMigrations,
      { version: latest + 1, description: "note on runs", sql: "ALTER TABLE runs ADD COLUMN note TEXT;" },
      { version: latest + 2, description: "index on note", sql: "CREATE INDEX runs_by_note ON runs (note);" },
    ];
    expect(migrateDatabase({ database, migrations: next })).toBe(latest + 2);
    expect(migrateDatabase({ database, migrations: next })).toBe(latest + 2);
    const columns = database.prepare("SELECT name FROM pragma_table_info('runs')").all();
    expect(columns).toContainEqual({ name: "note" });
    expect(database.pragma("user_version", { simple: true })).toBe(latest + 2);
    database.close();
  });

  it("rolls back a migration that fails and keeps the old version", () => {
    const database = new BetterSqlite3(":memory:");
    const latest = migrateDatabase({ database });
    const broken = [
      ...storeMigrations,
      {
        version: latest + 1,
        description: "broken",
        sql: "ALTER TABLE runs ADD COLUMN ok TEXT; ALTER TABLE nope ADD x;",
      },
    ];
    expect(() => migrateDatabase({ database, migrations: broken })).toThrow(/nope/);
    expect(database.pragma("user_version", { simple: true })).toBe(latest);
    const columns = database.prepare("SELECT name FROM pragma_table_info('runs')").all();
    expect(columns).not.toContainEqual({ name: "ok" });
    database.close();
  });
});
