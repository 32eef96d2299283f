import type { OtelValue } from "../spec/otel-span.js";

/**
 * An attribute that instrumentations write either as a JSON string (the AI SDK, most GenAI instrumentations) or as a
 * structured OTLP value: returns the decoded value, or undefined when absent or not JSON.
 */
export function otelJsonAttribute(value: OtelValue | undefined): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** A tool call's arguments: JSON text is parsed, anything else kept as it is. */
export function toolArguments(value: unknown): unknown {
  if (typeof value !== "string") return value ?? {};
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Text of a tool result in any of the shapes instrumentations write (`{type, value}`, a string, an object). */
export function toolOutputText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null && "value" in value) {
    const inner = (value as { readonly value: unknown }).value; // `in` just confirmed the key.
    return typeof inner === "string" ? inner : JSON.stringify(inner);
  }
  return value === undefined ? "" : JSON.stringify(value);
}
