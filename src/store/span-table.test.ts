import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { OtelSpan } from "../spec/otel-span.js";
import { openSqliteStore } from "./open-sqlite-store.js";

const span = (spanId: string, name: string): OtelSpan => ({
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  spanId,
  name,
  startTimeUnixNano: "1700000000000000000",
  endTimeUnixNano: "1700000000500000000",
  attributes: { "ai.prompt.messages": "[]", n: 3, list: ["a", 1] },
  events: [],
});

describe("spans table", () => {
  it("keeps received spans across reopening, in order, replacing a span sent twice", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "dlmpo-spans-")), "store.sqlite");
    const store = openSqliteStore({ path });
    expect(store.recordSpans([span("00f067aa0ba902b7", "a"), span("00f067aa0ba902b8", "b")], 10)).toBe(2);
    store.recordSpans([span("00f067aa0ba902b7", "a2")], 20);
    store.close();
    const reopened = openSqliteStore({ path });
    expect(reopened.listSpans().map((one) => one.name)).toEqual(["b", "a2"]);
    expect(reopened.listSpans()[0]).toEqual(span("00f067aa0ba902b8", "b"));
    expect(reopened.listSpans({ receivedUntilMs: 19 }).map((one) => one.name)).toEqual(["b"]);
    expect(reopened.listSpans({ receivedUntilMs: 20 }).map((one) => one.name)).toEqual(["b", "a2"]);
    reopened.close();
  });
});
