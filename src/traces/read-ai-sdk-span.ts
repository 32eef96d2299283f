import type { OtelSpan } from "../spec/otel-span.js";
import type { ToolCallRecord, TraceMessage } from "../spec/trace.js";
import { isRecord } from "./is-record.js";
import { otelJsonAttribute, toolArguments, toolOutputText } from "./otel-json-attribute.js";

/**
 * The conversation of one Vercel AI SDK model-call span (`ai.generateText.doGenerate`, `ai.streamText.doStream`, …,
 * written when `experimental_telemetry: { isEnabled: true }`): `ai.prompt.messages` (the JSON of the provider-level
 * prompt: `system` with a string, `user`/`assistant`/`tool` with content parts `text`, `tool-call`, `tool-result`)
 * followed by the reply from `ai.response.text` and `ai.response.toolCalls`. Undefined for spans without
 * `ai.prompt.messages` (the outer `ai.generateText` span, tool spans). Shapes as in the `ai` package's
 * `stringifyForTelemetry` and `asToolCalls` (node_modules/ai).
 */
export function readAiSdkSpan(span: OtelSpan): TraceMessage[] | undefined {
  const prompt = otelJsonAttribute(span.attributes["ai.prompt.messages"]);
  if (!Array.isArray(prompt)) return undefined;
  const messages: TraceMessage[] = prompt.flatMap((message: unknown) => toMessages(message));
  const text = span.attributes["ai.response.text"];
  const calls = otelJsonAttribute(span.attributes["ai.response.toolCalls"]);
  const toolCalls = Array.isArray(calls) ? calls.flatMap((call: unknown) => toToolCall(call)) : [];
  if (typeof text === "string" || toolCalls.length > 0)
    messages.push({
      role: "assistant",
      content: typeof text === "string" ? text : "",
      ...(toolCalls.length === 0 ? {} : { toolCalls }),
    });
  return messages;
}

function toMessages(message: unknown): TraceMessage[] {
  if (!isRecord(message)) return [];
  const { role, content } = message;
  if (role === "system") return [{ role: "system", content: typeof content === "string" ? content : "" }];
  const parts = Array.isArray(content) ? content.filter(isRecord) : [];
  const text = parts.map((part) => (part.type === "text" && typeof part.text === "string" ? part.text : "")).join("");
  if (role === "user") return [{ role: "user", content: typeof content === "string" ? content : text }];
  if (role === "assistant") {
    const toolCalls = parts.flatMap((part) => (part.type === "tool-call" ? toToolCall(part) : []));
    return [{ role: "assistant", content: text, ...(toolCalls.length === 0 ? {} : { toolCalls }) }];
  }
  if (role === "tool")
    return parts
      .filter((part) => part.type === "tool-result")
      .map((part) => ({
        role: "tool",
        content: toolOutputText(part.output ?? part.result),
        ...(typeof part.toolName === "string" ? { toolName: part.toolName } : {}),
        ...(typeof part.toolCallId === "string" ? { toolCallId: part.toolCallId } : {}),
      }));
  return [];
}

function toToolCall(value: unknown): ToolCallRecord[] {
  if (!isRecord(value) || typeof value.toolName !== "string") return [];
  return [
    {
      ...(typeof value.toolCallId === "string" ? { id: value.toolCallId } : {}),
      name: value.toolName,
      arguments: toolArguments(value.input ?? value.args),
    },
  ];
}
