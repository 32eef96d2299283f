import { describe, expect, it } from "vitest";
import { createForwardPassGate } from "./create-forward-pass-gate.js";

describe("createForwardPassGate", () => {
  it("runs maxConcurrent at once, queues maxQueued in order, and refuses the rest", async () => {
    const gate = createForwardPassGate({ maxConcurrent: 1, maxQueued: 2 });
    const first = await gate.enter();
    const order: string[] = [];
    const second = gate.enter()?.then((release) => {
      order.push("second");
      return release;
    });
    const third = gate.enter()?.then((release) => {
      order.push("third");
      return release;
    });
    expect(gate.enter()).toBeUndefined();
    expect({ running: gate.running, queued: gate.queued }).toEqual({ running: 1, queued: 2 });
    first?.();
    first?.(); // a second release of the same slot changes nothing
    (await second)?.();
    (await third)?.();
    expect(order).toEqual(["second", "third"]);
    expect({ running: gate.running, queued: gate.queued }).toEqual({ running: 0, queued: 0 });
  });
});
