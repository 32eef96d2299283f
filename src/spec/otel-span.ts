/** An OpenTelemetry attribute value, decoded from OTLP's `AnyValue` (int64 values become numbers). */
export type OtelValue = string | number | boolean | null | readonly OtelValue[] | { readonly [key: string]: OtelValue };

/** A span event (GenAI message events such as `gen_ai.user.message` live here). */
export interface OtelSpanEvent {
  readonly name: string;
  /** Nanoseconds since the epoch, as a decimal string (exact). */
  readonly timeUnixNano: string;
  readonly attributes: Readonly<Record<string, OtelValue>>;
}

/** One span, decoded from OTLP (JSON or protobuf) into plain values: what dlmpo stores and turns into conversations. */
export interface OtelSpan {
  /** 32 lower-case hex digits. */
  readonly traceId: string;
  /** 16 lower-case hex digits. */
  readonly spanId: string;
  readonly parentSpanId?: string | undefined;
  readonly name: string;
  /** Nanoseconds since the epoch, as decimal strings (exact). */
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: Readonly<Record<string, OtelValue>>;
  readonly events: readonly OtelSpanEvent[];
  /** `service.name` of the resource that sent it, when set. */
  readonly serviceName?: string | undefined;
}
