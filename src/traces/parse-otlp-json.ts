import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { OtelSpan, OtelSpanEvent, OtelValue } from "../spec/otel-span.js";
import { isRecord } from "./is-record.js";

type Fail = (message: string, field: string) => InvalidInputError;

/**
 * Reads OTLP/JSON trace data (the `ExportTraceServiceRequest` JSON encoding of the OTLP specification: `resourceSpans[]
 * → scopeSpans[] → spans[]`, ids as hex strings, attributes as `[{key, value: {stringValue | intValue | …}}]`). The text
 * is either one JSON document (an HTTP request body, a saved export) or JSONL with one document per line (what the
 * OpenTelemetry Collector's file exporter writes).
 *
 * @throws InvalidInputError naming the file, the line (for JSONL) and the field path of the first bad span.
 */
export function parseOtlpJson(options: { readonly text: string; readonly file: string }): OtelSpan[] {
  const { text, file } = options;
  const whole = tryParse(text);
  if (whole.ok) return spansOfRequest(whole.value, failIn({ file }));
  const spans: OtelSpan[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const parsed = tryParse(line);
    if (!parsed.ok)
      throw new InvalidInputError({
        message: "Not valid JSON. Write one OTLP/JSON export request per line, or one JSON document.",
        location: { file, line: index + 1 },
      });
    spans.push(...spansOfRequest(parsed.value, failIn({ file, line: index + 1 })));
  });
  return spans;
}

/**
 * The spans of one decoded OTLP/JSON `ExportTraceServiceRequest` object.
 *
 * @throws InvalidInputError (through `fail`) naming the field path of the first bad span.
 */
export function spansOfRequest(value: unknown, fail: Fail): OtelSpan[] {
  if (!isRecord(value) || !Array.isArray(value.resourceSpans))
    throw fail("Expected an OTLP export request with a `resourceSpans` array.", "resourceSpans");
  const spans: OtelSpan[] = [];
  value.resourceSpans.forEach((resourceSpans: unknown, resourceIndex) => {
    const at = `resourceSpans.${resourceIndex}`;
    if (!isRecord(resourceSpans)) throw fail("Expected an object.", at);
    const resource = isRecord(resourceSpans.resource)
      ? toAttributes(resourceSpans.resource.attributes, { field: `${at}.resource.attributes`, fail })
      : {};
    const serviceName = typeof resource["service.name"] === "string" ? resource["service.name"] : undefined;
    const scopes = resourceSpans.scopeSpans ?? [];
    if (!Array.isArray(scopes)) throw fail("Expected an array.", `${at}.scopeSpans`);
    scopes.forEach((scope: unknown, scopeIndex) => {
      const scopeAt = `${at}.scopeSpans.${scopeIndex}`;
      const list = isRecord(scope) ? (scope.spans ?? []) : undefined;
      if (!Array.isArray(list)) throw fail("Expected an object with a `spans` array.", scopeAt);
      list.forEach((span: unknown, spanIndex) => {
        spans.push(toSpan(span, { field: `${scopeAt}.spans.${spanIndex}`, fail, serviceName }));
      });
    });
  });
  return spans;
}

function toSpan(
  value: unknown,
  context: { readonly field: string; readonly fail: Fail; readonly serviceName: string | undefined },
): OtelSpan {
  const { field, fail } = context;
  if (!isRecord(value)) throw fail("Expected a span object.", field);
  const traceId = hexId(value.traceId, 32);
  if (traceId === undefined) throw fail("Expected 32 hex digits.", `${field}.traceId`);
  const spanId = hexId(value.spanId, 16);
  if (spanId === undefined) throw fail("Expected 16 hex digits.", `${field}.spanId`);
  const parentSpanId = hexId(value.parentSpanId, 16);
  if (typeof value.name !== "string") throw fail("Expected a string.", `${field}.name`);
  const events = value.events ?? [];
  if (!Array.isArray(events)) throw fail("Expected an array.", `${field}.events`);
  return {
    traceId,
    spanId,
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    name: value.name,
    startTimeUnixNano: nanos(value.startTimeUnixNano),
    endTimeUnixNano: nanos(value.endTimeUnixNano),
    attributes: toAttributes(value.attributes, { field: `${field}.attributes`, fail }),
    events: events.map((event: unknown, index): OtelSpanEvent => {
      const at = `${field}.events.${index}`;
      if (!isRecord(event) || typeof event.name !== "string") throw fail("Expected an event with a name.", at);
      return {
        name: event.name,
        timeUnixNano: nanos(event.timeUnixNano),
        attributes: toAttributes(event.attributes, { field: `${at}.attributes`, fail }),
      };
    }),
    ...(context.serviceName === undefined ? {} : { serviceName: context.serviceName }),
  };
}

function toAttributes(
  value: unknown,
  context: { readonly field: string; readonly fail: Fail },
): Record<string, OtelValue> {
  if (value === undefined) return {};
  if (!Array.isArray(value)) throw context.fail("Expected an array of {key, value}.", context.field);
  const attributes: Record<string, OtelValue> = {};
  value.forEach((entry: unknown, index) => {
    const at = `${context.field}.${index}`;
    if (!isRecord(entry) || typeof entry.key !== "string") throw context.fail("Expected {key, value}.", at);
    attributes[entry.key] = toValue(entry.value, { field: `${at}.value`, fail: context.fail });
  });
  return attributes;
}

function toValue(value: unknown, context: { readonly field: string; readonly fail: Fail }): OtelValue {
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) throw context.fail("Expected an AnyValue object such as {stringValue}.", context.field);
  if (typeof value.stringValue === "string") return value.stringValue;
  if (typeof value.boolValue === "boolean") return value.boolValue;
  if (value.intValue !== undefined) {
    const number = Number(value.intValue);
    if (!Number.isFinite(number)) throw context.fail("Expected an integer.", `${context.field}.intValue`);
    return number;
  }
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (typeof value.bytesValue === "string") return value.bytesValue;
  if (isRecord(value.arrayValue)) {
    const values = value.arrayValue.values ?? [];
    if (!Array.isArray(values)) throw context.fail("Expected an array.", `${context.field}.arrayValue.values`);
    return values.map((inner: unknown, index) =>
      toValue(inner, { field: `${context.field}.arrayValue.values.${index}`, fail: context.fail }),
    );
  }
  if (isRecord(value.kvlistValue))
    return toAttributes(value.kvlistValue.values ?? [], {
      field: `${context.field}.kvlistValue.values`,
      fail: context.fail,
    });
  return null;
}

function hexId(value: unknown, length: number): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const lower = value.toLowerCase();
  if (new RegExp(`^[0-9a-f]{${length}}$`).test(lower)) return lower;
  // Some exporters write ids in the protobuf JSON mapping (base64) instead of the OTLP/JSON hex form.
  const bytes = Buffer.from(value, "base64");
  return bytes.length * 2 === length ? bytes.toString("hex") : undefined;
}

function nanos(value: unknown): string {
  if (typeof value === "number" && Number.isFinite(value)) return BigInt(Math.round(value)).toString();
  if (typeof value === "string" && /^\d+$/.test(value)) return value;
  return "0";
}

function failIn(location: { readonly file: string; readonly line?: number }): Fail {
  return (message, field) => new InvalidInputError({ message, location: { ...location, field } });
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
