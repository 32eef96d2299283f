/** A request as the test server received it (and records it). */
export interface TestServerRequest {
  /** 0, 1, 2 … in order of arrival, over every route. */
  readonly index: number;
  readonly method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  readonly path: string;
  /** Lower-cased header names. Kept so tests can check auth headers were sent; never logged. */
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, or the raw text when it is not JSON, or undefined when empty. */
  readonly body: unknown;
}

/** A tool call the scripted model makes. `arguments` is JSON text or a value to serialise. */
export interface ScriptedToolCall {
  readonly name: string;
  readonly arguments: unknown;
  readonly id?: string | undefined;
}

/** Token counts to report; computed from character counts (÷ 4, rounded up) when absent. */
export interface ScriptedUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

/**
 * What the scripted model answers: text and/or tool calls (an OpenAI-shaped completion, streamed when asked), or a
 * raw HTTP answer (`status`, `body` as JSON or text, extra `headers`).
 */
export type ScriptedReply =
  | {
      readonly text?: string | undefined;
      readonly toolCalls?: readonly ScriptedToolCall[] | undefined;
      readonly usage?: ScriptedUsage | undefined;
      /** Default `tool_calls` when there are tool calls, else `stop`. */
      readonly finishReason?: string | undefined;
    }
  | {
      readonly status: number;
      readonly body: unknown;
      readonly headers?: Readonly<Record<string, string>> | undefined;
    };

/** A completion reply (not a raw HTTP answer). */
export type CompletionReply = Exclude<ScriptedReply, { readonly status: number }>;

/** Which response shape a route speaks. */
export type ReplyShape = "chat" | "completion";

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function requestText(body: unknown): string {
  if (body === null || typeof body !== "object") return "";
  // A JSON object from the request; only its prompt-bearing fields are read.
  const fields = body as { messages?: unknown; prompt?: unknown; suffix?: unknown };
  return JSON.stringify([fields.messages ?? "", fields.prompt ?? "", fields.suffix ?? ""]);
}

function toolCallsOf(reply: CompletionReply, index: number): { id: string; name: string; argumentsText: string }[] {
  return (reply.toolCalls ?? []).map((call, position) => ({
    id: call.id ?? `call_${index}_${position}`,
    name: call.name,
    argumentsText: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments ?? {}),
  }));
}

function usageOf(reply: CompletionReply, requestBody: unknown): Record<string, number> {
  const output = (reply.text ?? "") + (reply.toolCalls ?? []).map((call) => JSON.stringify(call)).join("");
  const prompt = reply.usage?.inputTokens ?? estimateTokens(requestText(requestBody));
  const completion = reply.usage?.outputTokens ?? estimateTokens(output);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function finishReasonOf(reply: CompletionReply): string {
  return reply.finishReason ?? ((reply.toolCalls ?? []).length > 0 ? "tool_calls" : "stop");
}

function modelOf(body: unknown): string {
  if (body === null || typeof body !== "object") return "test-model";
  // A JSON object from the request; only `model` is read.
  const model = (body as { model?: unknown }).model;
  return typeof model === "string" ? model : "test-model";
}

/** The non-streaming JSON body answering `request` with `reply`. */
export function toCompletionBody(options: {
  readonly reply: CompletionReply;
  readonly request: TestServerRequest;
  readonly shape: ReplyShape;
  readonly createdSeconds: number;
}): Record<string, unknown> {
  const { reply, request, shape, createdSeconds } = options;
  const base = { id: `cmpl-${request.index}`, created: createdSeconds, model: modelOf(request.body) };
  const usage = usageOf(reply, request.body);
  if (shape === "completion") {
    const choice = { index: 0, text: reply.text ?? "", finish_reason: finishReasonOf(reply), logprobs: null };
    return { ...base, object: "text_completion", choices: [choice], usage };
  }
  const toolCalls = toolCallsOf(reply, request.index).map((call) => ({
    id: call.id,
    type: "function",
    function: { name: call.name, arguments: call.argumentsText },
  }));
  const message = {
    role: "assistant",
    content: reply.text ?? null,
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  };
  return {
    ...base,
    object: "chat.completion",
    choices: [{ index: 0, message, finish_reason: finishReasonOf(reply) }],
    usage,
  };
}

/** The SSE `data:` payloads (JSON objects, then `[DONE]`) streaming `reply`, text split into two deltas. */
export function toStreamEvents(options: {
  readonly reply: CompletionReply;
  readonly request: TestServerRequest;
  readonly shape: ReplyShape;
  readonly createdSeconds: number;
}): string[] {
  const { reply, request, shape, createdSeconds } = options;
  const base = { id: `cmpl-${request.index}`, created: createdSeconds, model: modelOf(request.body) };
  const text = reply.text ?? "";
  const middle = Math.ceil(text.length / 2);
  const pieces = text.length === 0 ? [] : [text.slice(0, middle), text.slice(middle)].filter((piece) => piece !== "");
  const events: Record<string, unknown>[] = [];
  if (shape === "completion") {
    for (const piece of pieces) events.push({ ...base, choices: [{ index: 0, text: piece, finish_reason: null }] });
    events.push({ ...base, choices: [{ index: 0, text: "", finish_reason: finishReasonOf(reply) }] });
  } else {
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null): Record<string, unknown> => ({
      ...base,
      object: "chat.completion.chunk",
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    });
    events.push(chunk({ role: "assistant", content: "" }));
    for (const piece of pieces) events.push(chunk({ content: piece }));
    toolCallsOf(reply, request.index).forEach((call, position) => {
      const half = Math.ceil(call.argumentsText.length / 2);
      const head = { index: position, id: call.id, type: "function", function: { name: call.name, arguments: "" } };
      events.push(chunk({ tool_calls: [head] }));
      events.push(
        chunk({ tool_calls: [{ index: position, function: { arguments: call.argumentsText.slice(0, half) } }] }),
      );
      events.push(
        chunk({ tool_calls: [{ index: position, function: { arguments: call.argumentsText.slice(half) } }] }),
      );
    });
    events.push(chunk({}, finishReasonOf(reply)));
  }
  events.push({ ...base, choices: [], usage: usageOf(reply, request.body) });
  return [...events.map((event) => JSON.stringify(event)), "[DONE]"];
}
