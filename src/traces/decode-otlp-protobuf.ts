import { fieldDouble, fieldFixed64, fieldText, readFields, type WireField } from "../internal/protobuf-wire.js";
import type { OtelSpan, OtelSpanEvent, OtelValue } from "../spec/otel-span.js";

// Field numbers of opentelemetry/proto/collector/trace/v1/trace_service.proto, trace/v1/trace.proto and
// common/v1/common.proto (OTLP 1.x).
const request = { resourceSpans: 1 } as const;
const resourceSpans = { resource: 1, scopeSpans: 2 } as const;
const scopeSpans = { spans: 2 } as const;
const span = { traceId: 1, spanId: 2, parentSpanId: 4, name: 5, start: 7, end: 8, attributes: 9, events: 11 } as const;
const event = { time: 1, name: 2, attributes: 3 } as const;
const keyValue = { key: 1, value: 2 } as const;
const anyValue = { string: 1, bool: 2, int: 3, double: 4, array: 5, kvlist: 6, bytes: 7 } as const;

/**
 * Decodes an OTLP `ExportTraceServiceRequest` in the protobuf encoding (what OTLP/HTTP exporters send with
 * `content-type: application/x-protobuf`) into spans. Unknown fields are skipped, as protobuf readers do.
 *
 * @throws Error when the bytes are not a well-formed protobuf message.
 */
export function decodeOtlpProtobuf(bytes: Uint8Array): OtelSpan[] {
  const spans: OtelSpan[] = [];
  for (const resourceField of messages(bytes, request.resourceSpans)) {
    const resourceAttributes = messages(resourceField, resourceSpans.resource).flatMap((resource) =>
      messages(resource, 1),
    );
    const resource = toAttributes(resourceAttributes);
    const serviceName = typeof resource["service.name"] === "string" ? resource["service.name"] : undefined;
    for (const scope of messages(resourceField, resourceSpans.scopeSpans))
      for (const spanBytes of messages(scope, scopeSpans.spans)) spans.push(toSpan(spanBytes, serviceName));
  }
  return spans;
}

function toSpan(bytes: Uint8Array, serviceName: string | undefined): OtelSpan {
  const fields = readFields(bytes);
  const first = (number: number): WireField | undefined => fields.find((field) => field.field === number);
  const hex = (number: number): string => Buffer.from(first(number)?.bytes ?? new Uint8Array()).toString("hex");
  const parentSpanId = hex(span.parentSpanId);
  const startField = first(span.start);
  const endField = first(span.end);
  return {
    traceId: hex(span.traceId),
    spanId: hex(span.spanId),
    ...(parentSpanId === "" ? {} : { parentSpanId }),
    name: textOf(first(span.name)),
    startTimeUnixNano: startField === undefined ? "0" : fieldFixed64(startField),
    endTimeUnixNano: endField === undefined ? "0" : fieldFixed64(endField),
    attributes: toAttributes(fieldsBytes(fields, span.attributes)),
    events: fieldsBytes(fields, span.events).map(toEvent),
    ...(serviceName === undefined ? {} : { serviceName }),
  };
}

function toEvent(bytes: Uint8Array): OtelSpanEvent {
  const fields = readFields(bytes);
  const time = fields.find((field) => field.field === event.time);
  return {
    name: textOf(fields.find((field) => field.field === event.name)),
    timeUnixNano: time === undefined ? "0" : fieldFixed64(time),
    attributes: toAttributes(fieldsBytes(fields, event.attributes)),
  };
}

function toAttributes(keyValues: readonly Uint8Array[]): Record<string, OtelValue> {
  const attributes: Record<string, OtelValue> = {};
  for (const bytes of keyValues) {
    const fields = readFields(bytes);
    const key = textOf(fields.find((field) => field.field === keyValue.key));
    const value = fields.find((field) => field.field === keyValue.value)?.bytes;
    attributes[key] = value === undefined ? null : toValue(value);
  }
  return attributes;
}

function toValue(bytes: Uint8Array): OtelValue {
  const field = readFields(bytes)[0];
  if (field === undefined) return null;
  switch (field.field) {
    case anyValue.string:
      return fieldText(field);
    case anyValue.bool:
      return field.value === 1;
    case anyValue.int:
      return field.exact === undefined ? (field.value ?? 0) : Number(BigInt.asIntN(64, field.exact));
    case anyValue.double:
      return fieldDouble(field);
    case anyValue.array:
      return messages(field.bytes ?? new Uint8Array(), 1).map(toValue);
    case anyValue.kvlist:
      return toAttributes(messages(field.bytes ?? new Uint8Array(), 1));
    case anyValue.bytes:
      return Buffer.from(field.bytes ?? new Uint8Array()).toString("base64");
    default:
      return null;
  }
}

function messages(bytes: Uint8Array, number: number): Uint8Array[] {
  return fieldsBytes(readFields(bytes), number);
}

function fieldsBytes(fields: readonly WireField[], number: number): Uint8Array[] {
  return fields.flatMap((field) => (field.field === number && field.bytes !== undefined ? [field.bytes] : []));
}

function textOf(field: WireField | undefined): string {
  return field === undefined ? "" : fieldText(field);
}
