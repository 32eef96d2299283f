import { describe, expect, it } from "vitest";
import { openSqliteStore } from "./open-sqlite-store.js";

const run = { id: "r1", kind: "optimize", status: "running", createdAtMs: 1, seed: 0, config: {} } as const;

describe("run leases in the SQLite store", () => {
  it("gives a run to one owner until it is released or its holder is stale", () => {
    const store = openSqliteStore({ path: ":memory:" });
    store.createRun(run);
    const first = { owner: "a", pid: 10, host: "h", expiresAtMs: 100 };
    expect(store.acquireRunLease({ runId: "r1", lease: first, isStale: () => false })).toEqual({
      acquired: true,
      previous: undefined,
    });
    expect(store.getRun("r1")?.lease).toEqual(first);
    const second = { owner: "b", pid: 11, host: "h", expiresAtMs: 200 };
    expect(store.acquireRunLease({ runId: "r1", lease: second, isStale: () => false })).toEqual({
      acquired: false,
      holder: first,
    });
    expect(store.renewRunLease({ runId: "r1", owner: "a", expiresAtMs: 150 })).toBe(true);
    expect(store.renewRunLease({ runId: "r1", owner: "b", expiresAtMs: 150 })).toBe(false);
    expect(store.acquireRunLease({ runId: "r1", lease: second, isStale: (holder) => holder.owner === "a" })).toEqual({
      acquired: true,
      previous: { ...first, expiresAtMs: 150 },
    });
    expect(store.renewRunLease({ runId: "r1", owner: "a", expiresAtMs: 300 })).toBe(false);
    store.releaseRunLease({ runId: "r1", owner: "a" });
    expect(store.getRun("r1")?.lease?.owner).toBe("b");
    store.releaseRunLease({ runId: "r1", owner: "b" });
    expect(store.getRun("r1")?.lease).toBeUndefined();
    store.close();
  });
});
