import { fork } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { createFakeClock } from "../testing/fake-runtime.js";
import { storeMigrations } from "./migrations.js";
import { openSqliteStore } from "./open-sqlite-store.js";

let folder = "";
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "dlmpo-store-"));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

const baseRun = { kind: "eval", status: "running", createdAtMs: 100, seed: 7, config: { task: "sst2" } } as const;

describe("openSqliteStore", () => {
  it("round-trips runs, events, results and cache entries through the file", async () => {
    const path = join(folder, "nested", "store.sqlite");
    const store = openSqliteStore({ path, clock: createFakeClock({ startMs: 5 }) });
    store.createRun({ ...baseRun, id: "r1" });
    store.createRun({ ...baseRun, id: "r2", kind: "optimize", createdAtMs: 200 });
    expect(store.appendEvent({ runId: "r1", type: "a", atMs: 1, data: { x: 1 } }).sequence).toBe(1);
    expect(store.appendEvent({ runId: "r1", type: "b", atMs: 2, data: [1, 2] }).sequence).toBe(2);
    expect(store.appendEvent({ runId: "r2", type: "a", atMs: 3, data: null }).sequence).toBe(1);
    store.recordResults([
      { runId: "r1", candidateHash: "c1", split: "dev", exampleId: "e1", score: 1, trace: { output: "ok" } },
      { runId: "r1", candidateHash: "c2", split: "test", exampleId: "e1", score: 0, trace: { output: "no" } },
    ]);
    store.updateRun("r1", { status: "completed", summary: { accuracy: 0.5 }, atMs: 150 });
    await store.set("k1", { text: "hello" }, { modelId: "m" });
    store.close();

    const reopened = openSqliteStore({ path });
    expect(reopened.getRun("r1")).toEqual({
      ...baseRun,
      id: "r1",
      status: "completed",
      updatedAtMs: 150,
      summary: { accuracy: 0.5 },
    });
    expect(reopened.getRun("missing")).toBeUndefined();
    expect(reopened.listRuns().map((run) => run.id)).toEqual(["r2", "r1"]);
    expect(reopened.listRuns({ kind: "eval" }).map((run) => run.id)).toEqual(["r1"]);
    expect(reopened.listRuns({ limit: 1 }).map((run) => run.id)).toEqual(["r2"]);
    expect(reopened.listEvents("r1")).toEqual([
      { runId: "r1", sequence: 1, type: "a", atMs: 1, data: { x: 1 } },
      { runId: "r1", sequence: 2, type: "b", atMs: 2, data: [1, 2] },
    ]);
    expect(reopened.listResults("r1").map((result) => result.candidateHash)).toEqual(["c1", "c2"]);
    expect(reopened.listResults("r1", { split: "test" })).toEqual([
      { runId: "r1", candidateHash: "c2", split: "test", exampleId: "e1", score: 0, trace: { output: "no" } },
    ]);
    expect(await reopened.get("k1")).toEqual({ text: "hello" });
    expect(await reopened.get("k2")).toBeUndefined();
    expect(reopened.countCachedCalls()).toBe(1);
    reopened.close();
  });

  it("rejects events of unknown runs and updates of unknown runs", () => {
    const store = openSqliteStore({ path: join(folder, "s.sqlite") });
    expect(() => store.appendEvent({ runId: "nope", type: "a", atMs: 1, data: null })).toThrow(/FOREIGN KEY/);
    expect(() => store.updateRun("nope", { status: "failed", atMs: 1 })).toThrow(DlmpoError);
    store.close();
  });

  it("records the schema version and uses WAL", () => {
    const path = join(folder, "s.sqlite");
    openSqliteStore({ path }).close();
    const raw = new BetterSqlite3(path, { readonly: true });
    expect(raw.pragma("user_version", { simple: true })).toBe(storeMigrations.at(-1)?.version);
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
  });

  it("refuses a file written by a newer schema", () => {
    const path = join(folder, "s.sqlite");
    const raw = new BetterSqlite3(path);
    raw.pragma("user_version = 999");
    raw.close();
    expect(() => openSqliteStore({ path })).toThrow(/schema version 999/);
  });

  it("keeps API keys in a run's config out of the database file", () => {
    const path = join(folder, "s.sqlite");
    const secret = "sk-test-SECRETSECRET1234567890";
    const store = openSqliteStore({ path });
    store.createRun({ ...baseRun, id: "r1", config: { target: "openai:gpt-4o-mini", apiKey: secret } });
    expect(store.getRun("r1")?.config).toEqual({ target: "openai:gpt-4o-mini", apiKey: "[redacted]" });
    store.close();
    for (const file of [path, `${path}-wal`])
      if (existsSync(file)) expect(readFileSync(file).includes(secret)).toBe(false);
  });

  it("lets two processes write the same store at once", async () => {
    const writer = join(import.meta.dirname, "fixtures", "concurrent-writer.mjs");
    if (!existsSync(join(import.meta.dirname, "..", "..", "dist", "store", "index.js")))
      throw new Error("dist/ is missing: run `npm run build` before this test.");
    const path = join(folder, "shared.sqlite");
    const count = 300;
    const runChild = (name: string): Promise<number | null> =>
      new Promise((resolve, reject) => {
        const child = fork(writer, [path, name, String(count)], { stdio: "pipe" });
        child.on("error", reject);
        child.on("exit", (code) => resolve(code));
      });
    expect(await Promise.all([runChild("a"), runChild("b")])).toEqual([0, 0]);
    const store = openSqliteStore({ path });
    for (const name of ["a", "b"]) {
      expect(store.getRun(`run-${name}`)?.status).toBe("completed");
      const sequences = store.listEvents(`run-${name}`).map((event) => event.sequence);
      expect(sequences).toEqual(Array.from({ length: count }, (_, index) => index + 1));
      expect(store.listResults(`run-${name}`)).toHaveLength(count);
    }
    expect(store.countCachedCalls()).toBe(2 * count);
    store.close();
  });
  it("writes cache entries and results in batches, before the next event and at the end of the tick", async () => {
    const path = join(folder, "batched.sqlite");
    const store = openSqliteStore({ path, flushAfterMs: 0, cacheFlushAfterMs: 0 });
    store.createRun({ ...baseRun, id: "r1" });
    const reader = new BetterSqlite3(path, { readonly: true });
    const rows = (table: string): number =>
      reader.prepare<[], { count: number }>(`SELECT COUNT(*) AS count FROM ${table}`).get()?.count ?? 0;
    await store.set("k1", { text: "one" }, { modelId: "m" });
    store.recordResults([{ runId: "r1", candidateHash: "c", split: "dev", exampleId: "e1", score: 1, trace: null }]);
    expect(await store.get("k1")).toEqual({ text: "one" });
    expect([rows("calls"), rows("results")]).toEqual([0, 0]);
    store.appendEvent({ runId: "r1", type: "candidate-scored", atMs: 1, data: null });
    expect([rows("calls"), rows("results"), rows("events")]).toEqual([1, 1, 1]);
    await store.set("k2", { text: "two" }, { modelId: "m" });
    await new Promise((resolve) => setImmediate(resolve));
    expect(rows("calls")).toBe(2);
    await store.set("k3", { text: "three" }, { modelId: "m" });
    store.flush();
    expect(rows("calls")).toBe(3);
    reader.close();
    store.close();
  });

  it("lets cache entries alone wait longer than results, and a result's wait takes them along", async () => {
    const path = join(folder, "waits.sqlite");
    const store = openSqliteStore({ path, flushAfterMs: 0, cacheFlushAfterMs: 60_000 });
    store.createRun({ ...baseRun, id: "r1" });
    const reader = new BetterSqlite3(path, { readonly: true });
    const rows = (table: string): number =>
      reader.prepare<[], { count: number }>(`SELECT COUNT(*) AS count FROM ${table}`).get()?.count ?? 0;
    await store.set("k1", { text: "one" }, { modelId: "m" });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(rows("calls")).toBe(0);
    store.recordResults([{ runId: "r1", candidateHash: "c", split: "dev", exampleId: "e1", score: 1, trace: null }]);
    await new Promise((resolve) => setImmediate(resolve));
    expect([rows("calls"), rows("results")]).toEqual([1, 1]);
    reader.close();
    store.close();
  });

  it("answers the cache reads of one turn with one query: stored, waiting, repeated and missing keys", async () => {
    const path = join(folder, "reads.sqlite");
    const store = openSqliteStore({ path });
    const keys = Array.from({ length: 300 }, (_, index) => `key-${index}`);
    for (const key of keys.slice(0, 200)) await store.set(key, { key }, { modelId: "m" });
    store.flush();
    await store.set("waiting", { key: "waiting" }, { modelId: "m" });
    const asked = [...keys, "waiting", "key-7", "key-250"];
    const answers = await Promise.all(asked.map((key) => store.get(key)));
    expect(answers).toEqual(
      asked.map((key) => (key === "waiting" || Number(key.slice(4)) < 200 ? { key } : undefined)),
    );
    store.close();
    await expect(store.get("key-1")).rejects.toThrow();
  });

  it("keeps keys that share their indexed prefix apart, and replaces an entry written again", async () => {
    const store = openSqliteStore({ path: join(folder, "prefix.sqlite") });
    const [first, second] = ["0123456789abc-first", "0123456789abc-second"];
    await store.set(first, { text: "one" }, { modelId: "m" });
    await store.set(second, { text: "two" }, { modelId: "m" });
    store.flush();
    expect(await store.get(first)).toEqual({ text: "one" });
    expect(await Promise.all([store.get(second), store.get(first)])).toEqual([{ text: "two" }, { text: "one" }]);
    await store.set(first, { text: "one again" }, { modelId: "m" });
    store.flush();
    expect(await Promise.all([store.get(first), store.get("0123456789abc-third")])).toEqual([
      { text: "one again" },
      undefined,
    ]);
    expect(store.countCachedCalls()).toBe(2);
    store.close();
  });

  it("keeps the calls and results an event depends on when the process is killed after it", async () => {
    const writer = join(import.meta.dirname, "fixtures", "killed-writer.mjs");
    const path = join(folder, "killed.sqlite");
    const signal = await new Promise((resolve, reject) => {
      const child = fork(writer, [path], { stdio: "pipe" });
      child.on("error", reject);
      child.on("exit", (_code, exitSignal) => resolve(exitSignal));
    });
    expect(signal).toBe("SIGKILL");
    const store = openSqliteStore({ path });
    expect(store.listEvents("run")).toHaveLength(1);
    expect(store.countCachedCalls()).toBe(50);
    expect(store.listResults("run")).toHaveLength(50);
    store.close();
  });
});
