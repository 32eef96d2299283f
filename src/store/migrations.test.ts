import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { callKeyPrefix } from "./call-key-prefix.js";
import { migrateDatabase, storeMigrations } from "./migrations.js";

describe("migrateDatabase", () => {
  it("applies pending migrations in order, once", () => {
    const database = new BetterSqlite3(":memory:");
    const newest = storeMigrations.length;
    expect(migrateDatabase({ database })).toBe(newest);
    const next = [
      ...storeMigrations,
      { version: newest + 1, description: "note on runs", sql: "ALTER TABLE runs ADD COLUMN note TEXT;" },
      { version: newest + 2, description: "index on note", sql: "CREATE INDEX runs_by_note ON runs (note);" },
    ];
    expect(migrateDatabase({ database, migrations: next })).toBe(newest + 2);
    expect(migrateDatabase({ database, migrations: next })).toBe(newest + 2);
    const columns = database.prepare("SELECT name FROM pragma_table_info('runs')").all();
    expect(columns).toContainEqual({ name: "note" });
    expect(database.pragma("user_version", { simple: true })).toBe(newest + 2);
    database.close();
  });

  it("rolls back a migration that fails and keeps the old version", () => {
    const database = new BetterSqlite3(":memory:");
    migrateDatabase({ database });
    const newest = storeMigrations.length;
    const broken = [
      ...storeMigrations,
      {
        version: newest + 1,
        description: "broken",
        sql: "ALTER TABLE runs ADD COLUMN ok TEXT; ALTER TABLE nope ADD x;",
      },
    ];
    expect(() => migrateDatabase({ database, migrations: broken })).toThrow(/nope/);
    expect(database.pragma("user_version", { simple: true })).toBe(newest);
    const columns = database.prepare("SELECT name FROM pragma_table_info('runs')").all();
    expect(columns).not.toContainEqual({ name: "ok" });
    database.close();
  });

  it("drops call-cache entries keyed without their server when a version-1 store is opened", () => {
    const database = new BetterSqlite3(":memory:");
    migrateDatabase({ database, migrations: storeMigrations.slice(0, 1) });
    database
      .prepare("INSERT INTO calls (key, model_id, value, created_at_ms) VALUES (?, ?, ?, ?)")
      .run("old-key", "openai-compatible:m", '{"text":"from A"}', 0);
    migrateDatabase({ database });
    expect(database.prepare("SELECT COUNT(*) AS count FROM calls").get()).toEqual({ count: 0 });
    database.close();
  });

  it("keeps a version-4 store's call-cache entries, now indexed by their key prefix", () => {
    const database = new BetterSqlite3(":memory:");
    migrateDatabase({ database, migrations: storeMigrations.filter((migration) => migration.version <= 4) });
    const keys = ["0123456789abcdef0123", "not-a-hash-key"];
    for (const [index, key] of keys.entries())
      database
        .prepare("INSERT INTO calls (key, model_id, value, created_at_ms) VALUES (?, ?, ?, ?)")
        .run(key, "openai-compatible:m", `{"text":"answer ${index}"}`, index);
    expect(migrateDatabase({ database })).toBe(5);
    const rows = database
      .prepare("SELECT key_prefix, key, model_id, value, created_at_ms FROM calls ORDER BY id")
      .all();
    expect(rows).toEqual(
      keys.map((key, index) => ({
        key_prefix: callKeyPrefix(key),
        key,
        model_id: "openai-compatible:m",
        value: `{"text":"answer ${index}"}`,
        created_at_ms: index,
      })),
    );
    const plan = database
      .prepare("EXPLAIN QUERY PLAN SELECT value FROM calls WHERE key_prefix = ? AND key = ?")
      .all(1, "k");
    expect(JSON.stringify(plan)).toContain("calls_by_key_prefix");
    database.close();
  });
});
