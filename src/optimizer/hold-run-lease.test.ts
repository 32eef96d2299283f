import { describe, expect, it } from "vitest";
import { openSqliteStore } from "../store/open-sqlite-store.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { holdRunLease } from "./hold-run-lease.js";
import { runStateOf } from "./run-state-of.js";

const run = { id: "r1", kind: "optimize", status: "running", createdAtMs: 0, seed: 0, config: {} } as const;

function processOn(host: string, alive: ReadonlySet<number>, pid: number) {
  return { pid, host, isAlive: (other: number) => alive.has(other) };
}

describe("holdRunLease", () => {
  it("refuses a run held by a live process, renews on the clock, and is taken over once the holder died", () => {
    const store = openSqliteStore({ path: ":memory:" });
    store.createRun(run);
    const alive = new Set([1, 2]);
    const first = { ...createFakeRuntime({ autoAdvance: false }), process: processOn("h", alive, 1) };
    const second = { ...createFakeRuntime({ autoAdvance: false }), process: processOn("h", alive, 2) };
    const held = holdRunLease({ store, runId: "r1", runtime: first, ttlMs: 1000 });
    expect(() => holdRunLease({ store, runId: "r1", runtime: second, ttlMs: 1000 })).toThrow(
      /Run r1 is already running in process 1 on h/,
    );
    first.clock.advance(5000);
    expect(store.getRun("r1")?.lease?.expiresAtMs).toBe(6000);
    expect(
      runStateOf({ ...run, updatedAtMs: 0, ...store.getRun("r1") }, { nowMs: 5000, process: second.process }),
    ).toBe("running");
    alive.delete(1);
    expect(
      runStateOf({ ...run, updatedAtMs: 0, ...store.getRun("r1") }, { nowMs: 5000, process: second.process }),
    ).toBe("interrupted");
    const taken = holdRunLease({ store, runId: "r1", runtime: second, ttlMs: 1000 });
    first.clock.advance(250);
    expect(held.lostSignal.aborted).toBe(true);
    held.release();
    expect(store.getRun("r1")?.lease?.pid).toBe(2);
    taken.release();
    expect(store.getRun("r1")?.lease).toBeUndefined();
    store.close();
  });

  it("judges a holder on another host, or without a process identity, by its expiry", () => {
    const store = openSqliteStore({ path: ":memory:" });
    store.createRun(run);
    const remote = { ...createFakeRuntime({ autoAdvance: false }), process: processOn("other", new Set(), 7) };
    holdRunLease({ store, runId: "r1", runtime: remote, ttlMs: 1000 });
    const local = { ...createFakeRuntime({ autoAdvance: false }), process: processOn("h", new Set(), 8) };
    expect(() => holdRunLease({ store, runId: "r1", runtime: local, ttlMs: 1000 })).toThrow(/already running/);
    expect(runStateOf({ ...run, updatedAtMs: 0, ...store.getRun("r1") }, { nowMs: 999, process: local.process })).toBe(
      "running",
    );
    expect(runStateOf({ ...run, updatedAtMs: 0, ...store.getRun("r1") }, { nowMs: 1000, process: local.process })).toBe(
      "interrupted",
    );
    local.clock.advance(1000);
    expect(holdRunLease({ store, runId: "r1", runtime: local, ttlMs: 1000 }).lostSignal.aborted).toBe(false);
    store.close();
  });
});
