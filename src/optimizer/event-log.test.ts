import { describe, expect, it } from "vitest";
import type { OptimizerEvent } from "../spec/events.js";
import { openSqliteStore } from "../store/open-sqlite-store.js";
import { createFakeClock } from "../testing/fake-runtime.js";
import { createEventLog } from "./event-log.js";

const started: OptimizerEvent = { type: "run-started", seed: 0, seedPrompt: "Be brief.", seedHash: "h0" };
const round: OptimizerEvent = { type: "round-started", round: 1, parentHashes: ["h0"] };
const dropped: OptimizerEvent = {
  type: "candidates-dropped",
  round: 1,
  proposerId: "native:test",
  candidates: [{ reason: 'repeats "be"', cost: { forwardPasses: 8 } }],
};

function storeWith(events: readonly OptimizerEvent[]) {
  const store = openSqliteStore({ path: ":memory:" });
  store.createRun({ id: "r", kind: "optimize", status: "running", createdAtMs: 0, seed: 0, config: {} });
  for (const event of events) store.appendEvent({ runId: "r", type: event.type, atMs: 0, data: event });
  return store;
}

describe("createEventLog", () => {
  it("resumes a run stored before dropped candidates were recorded, appending only what is new", () => {
    const store = storeWith([started, round]);
    const log = createEventLog({ store, runId: "r", clock: createFakeClock(), storedEvents: store.listEvents("r") });
    log.emit(started);
    log.emit(dropped);
    log.emit(round);
    expect(log.isReplaying).toBe(false);
    log.emit(dropped);
    expect(store.listEvents("r").map((event) => event.type)).toEqual([
      "run-started",
      "round-started",
      "candidates-dropped",
    ]);
  });

  it("still matches a stored candidates-dropped event, and refuses a run that changed", () => {
    const store = storeWith([started, dropped, round]);
    const log = createEventLog({ store, runId: "r", clock: createFakeClock(), storedEvents: store.listEvents("r") });
    log.emit(started);
    log.emit(dropped);
    expect(() => log.emit({ ...round, parentHashes: ["other"] })).toThrow(/cannot resume/);
  });
});
