import type { OtelSpan, OtelValue } from "../spec/otel-span.js";
import type { ToolCallRecord, TraceMessage } from "../spec/trace.js";
import { isRecord } from "./is-record.js";
import { otelJsonAttribute, toolArguments, toolOutputText } from "./otel-json-attribute.js";

const roles: Readonly<Record<string, TraceMessage["role"]>> = {
  system: "system",
  developer: "system",
  user: "user",
  assistant: "assistant",
  tool: "tool",
};
const eventRoles: Readonly<Record<string, TraceMessage["role"]>> = {
  "gen_ai.system.message": "system",
  "gen_ai.user.message": "user",
  "gen_ai.assistant.message": "assistant",
  "gen_ai.tool.message": "tool",
  "gen_ai.choice": "assistant",
};

/**
 * The conversation of one span that follows the OpenTelemetry GenAI semantic conventions, in whichever generation the
 * instrumentation writes:
 * - attributes `gen_ai.system_instructions`, `gen_ai.input.messages`, `gen_ai.output.messages` (JSON, messages of
 *   `{role, parts: [{type: "text", content} | {type: "tool_call", id, name, arguments} | {type: "tool_call_response",
 *   id, response}]}`);
 * - message events `gen_ai.system.message`, `gen_ai.user.message`, `gen_ai.assistant.message`, `gen_ai.tool.message`,
 *   `gen_ai.choice` with `content` / `tool_calls` / `id` / `message` attributes;
 * - the older flat attributes `gen_ai.prompt.<i>.role|content` and `gen_ai.completion.<i>.role|content`.
 * Undefined for a span that carries none of them.
 */
export function readGenAiSpan(span: OtelSpan): TraceMessage[] | undefined {
  return fromMessageAttributes(span.attributes) ?? fromEvents(span) ?? fromIndexedAttributes(span.attributes);
}

function fromMessageAttributes(attributes: Readonly<Record<string, OtelValue>>): TraceMessage[] | undefined {
  const input = otelJsonAttribute(attributes["gen_ai.input.messages"]);
  if (!Array.isArray(input)) return undefined;
  const instructions = otelJsonAttribute(attributes["gen_ai.system_instructions"]);
  const output = otelJsonAttribute(attributes["gen_ai.output.messages"]);
  const system = Array.isArray(instructions) ? partsText(instructions) : undefined;
  return [
    ...(system === undefined || system === "" ? [] : [{ role: "system" as const, content: system }]),
    ...input.flatMap((message: unknown) => partsMessages(message)),
    ...(Array.isArray(output) ? output.slice(0, 1).flatMap((message: unknown) => partsMessages(message)) : []),
  ];
}

function partsMessages(message: unknown): TraceMessage[] {
  if (!isRecord(message)) return [];
  const role = typeof message.role === "string" ? roles[message.role] : undefined;
  if (role === undefined) return [];
  const parts = Array.isArray(message.parts) ? message.parts.filter(isRecord) : [];
  const responses = parts.filter((part) => part.type === "tool_call_response");
  if (responses.length > 0)
    return responses.map((part) => ({
      role: "tool",
      content: toolOutputText(part.response ?? part.result),
      ...(typeof part.id === "string" ? { toolCallId: part.id } : {}),
    }));
  const toolCalls: ToolCallRecord[] = parts.flatMap((part) =>
    part.type === "tool_call" && typeof part.name === "string"
      ? [
          {
            ...(typeof part.id === "string" ? { id: part.id } : {}),
            name: part.name,
            arguments: toolArguments(part.arguments),
          },
        ]
      : [],
  );
  return [{ role, content: partsText(parts), ...(toolCalls.length === 0 ? {} : { toolCalls }) }];
}

function partsText(parts: readonly unknown[]): string {
  return parts
    .map((part) => (isRecord(part) && part.type === "text" && typeof part.content === "string" ? part.content : ""))
    .join("");
}

function fromEvents(span: OtelSpan): TraceMessage[] | undefined {
  const messages = span.events.flatMap((event): TraceMessage[] => {
    const role = eventRoles[event.name];
    if (role === undefined) return [];
    const body = otelJsonAttribute(event.attributes.message) ?? event.attributes;
    const fields = isRecord(body) ? body : {};
    const calls = otelJsonAttribute(fields.tool_calls as OtelValue | undefined); // Attributes hold OtelValues.
    const toolCalls = Array.isArray(calls) ? calls.flatMap(openAIToolCall) : [];
    const content = fields.content ?? fields["gen_ai.event.content"];
    return [
      {
        role,
        content: typeof content === "string" ? content : "",
        ...(toolCalls.length === 0 ? {} : { toolCalls }),
        ...(role === "tool" && typeof fields.id === "string" ? { toolCallId: fields.id } : {}),
      },
    ];
  });
  return messages.length === 0 ? undefined : messages;
}

function openAIToolCall(value: unknown): ToolCallRecord[] {
  if (!isRecord(value) || !isRecord(value.function) || typeof value.function.name !== "string") return [];
  return [
    {
      ...(typeof value.id === "string" ? { id: value.id } : {}),
      name: value.function.name,
      arguments: toolArguments(value.function.arguments),
    },
  ];
}

function fromIndexedAttributes(attributes: Readonly<Record<string, OtelValue>>): TraceMessage[] | undefined {
  const read = (prefix: string, fallbackRole: TraceMessage["role"]): TraceMessage[] => {
    const messages: TraceMessage[] = [];
    for (let index = 0; attributes[`${prefix}.${index}.content`] !== undefined; index += 1) {
      const role = attributes[`${prefix}.${index}.role`];
      const content = attributes[`${prefix}.${index}.content`];
      messages.push({
        role: (typeof role === "string" ? roles[role] : undefined) ?? fallbackRole,
        content: typeof content === "string" ? content : "",
      });
    }
    return messages;
  };
  const prompt = read("gen_ai.prompt", "user");
  if (prompt.length === 0) return undefined;
  return [...prompt, ...read("gen_ai.completion", "assistant").slice(0, 1)];
}
