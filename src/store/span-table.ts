import type { Database } from "better-sqlite3";
import type { OtelSpan } from "../spec/otel-span.js";

/** The received OpenTelemetry spans of a store (the `spans` table). */
export interface SpanTable {
  /** Stores spans in one transaction; a span already stored (same trace and span id) is replaced. Returns the count. */
  recordSpans(spans: readonly OtelSpan[], receivedAtMs: number): number;
  /** Every stored span (or those received at or before `receivedUntilMs`), in the order received. */
  listSpans(options?: { readonly receivedUntilMs?: number | undefined }): OtelSpan[];
}

/** The span statements of an open, migrated database. */
export function createSpanTable(database: Database): SpanTable {
  const insert = database.prepare(
    "INSERT OR REPLACE INTO spans (trace_id, span_id, received_at_ms, span) VALUES (?, ?, ?, ?)",
  );
  const list = database.prepare<[], { span: string }>("SELECT span FROM spans ORDER BY received_at_ms, rowid");
  const listUntil = database.prepare<[number], { span: string }>(
    "SELECT span FROM spans WHERE received_at_ms <= ? ORDER BY received_at_ms, rowid",
  );
  const record = database.transaction((spans: readonly OtelSpan[], receivedAtMs: number) => {
    for (const span of spans) insert.run(span.traceId, span.spanId, receivedAtMs, JSON.stringify(span));
    return spans.length;
  });
  return {
    recordSpans: (spans, receivedAtMs) => record.immediate(spans, receivedAtMs),
    listSpans: (options) =>
      (options?.receivedUntilMs === undefined ? list.all() : listUntil.all(options.receivedUntilMs)).map(
        // The store writes only OtelSpan JSON into this column.
        (row) => JSON.parse(row.span) as OtelSpan,
      ),
  };
}
