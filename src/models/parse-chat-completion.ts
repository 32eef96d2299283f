import type {
  LanguageModelV3Content,
  LanguageModelV3FinishReason,
  LanguageModelV3GenerateResult,
  LanguageModelV3Usage,
} from "@ai-sdk/provider";

/** The answer-bearing fields of a Chat Completions response, read by {@link parseChatCompletion}. */
export type ParsedChatCompletion = Pick<LanguageModelV3GenerateResult, "content" | "finishReason" | "usage"> & {
  readonly id: string | undefined;
  readonly modelId: string | undefined;
  /** From `created` (seconds since the epoch). */
  readonly timestamp: Date | undefined;
  /** `accepted_prediction_tokens` / `rejected_prediction_tokens` when reported. */
  readonly predictionTokens: Readonly<Record<string, number>>;
};

/** What is wrong with a response body, or the parsed completion. */
export type ParseChatCompletionResult =
  | { readonly ok: true; readonly value: ParsedChatCompletion }
  | { readonly ok: false; readonly problem: string };

type JsonObject = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Usage of a Chat Completions or completions answer (`usage` as the server sent it) in the AI SDK's shape. */
export function toUsage(usage: unknown): LanguageModelV3Usage {
  if (!isObject(usage)) {
    return {
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    };
  }
  const promptDetails = isObject(usage.prompt_tokens_details) ? usage.prompt_tokens_details : {};
  const completionDetails = isObject(usage.completion_tokens_details) ? usage.completion_tokens_details : {};
  const promptTokens = count(usage.prompt_tokens) ?? 0;
  const completionTokens = count(usage.completion_tokens) ?? 0;
  const cachedTokens = count(promptDetails.cached_tokens) ?? 0;
  const cacheWriteTokens = count(promptDetails.cache_write_tokens);
  const reasoningTokens = count(completionDetails.reasoning_tokens) ?? 0;
  return {
    inputTokens: {
      total: promptTokens,
      noCache: promptTokens - cachedTokens - (cacheWriteTokens ?? 0),
      cacheRead: cachedTokens,
      cacheWrite: cacheWriteTokens,
    },
    outputTokens: {
      total: completionTokens,
      text: Math.max(0, completionTokens - reasoningTokens),
      reasoning: reasoningTokens,
    },
    // The usage object exactly as the server sent it (JSON), like the AI SDK providers report it.
    raw: usage as NonNullable<LanguageModelV3Usage["raw"]>,
  };
}

/** A server's `finish_reason` in the AI SDK's shape (`hasRefusal` turns a stop into a content filter). */
export function toFinishReason(raw: string | undefined, hasRefusal: boolean): LanguageModelV3FinishReason {
  const unified = ((): LanguageModelV3FinishReason["unified"] => {
    switch (raw) {
      case "stop":
        return hasRefusal ? "content-filter" : "stop";
      case "length":
        return "length";
      case "content_filter":
        return "content-filter";
      case "function_call":
      case "tool_calls":
        return "tool-calls";
      default:
        return "other";
    }
  })();
  return { unified, raw };
}

/** Text and reasoning parts of `message.content` (a string, or an array of text/thinking parts). */
function contentParts(content: unknown): LanguageModelV3Content[] | string {
  if (content === undefined || content === null) return [];
  if (typeof content === "string") return content.length > 0 ? [{ type: "text", text: content }] : [];
  if (!Array.isArray(content)) return "message.content is neither a string nor an array";
  const parts: LanguageModelV3Content[] = [];
  for (const part of content) {
    if (isObject(part) && part.type === "text" && typeof part.text === "string" && part.text.length > 0)
      parts.push({ type: "text", text: part.text });
  }
  return parts;
}

function toolCallParts(options: {
  readonly toolCalls: unknown;
  readonly generateId: () => string;
}): LanguageModelV3Content[] | string {
  if (options.toolCalls === undefined || options.toolCalls === null) return [];
  if (!Array.isArray(options.toolCalls)) return "message.tool_calls is not an array";
  const parts: LanguageModelV3Content[] = [];
  for (const [index, call] of options.toolCalls.entries()) {
    const fn = isObject(call) && isObject(call.function) ? call.function : undefined;
    if (fn === undefined || typeof fn.name !== "string" || typeof fn.arguments !== "string")
      return `message.tool_calls[${index}] lacks function.name or function.arguments (strings)`;
    const toolCallId = (isObject(call) ? optionalString(call.id) : undefined) ?? options.generateId();
    parts.push({ type: "tool-call", toolCallId, toolName: fn.name, input: fn.arguments });
  }
  return parts;
}

/**
 * Checks and reads a parsed Chat Completions response (the first choice): reasoning (`reasoning_content` or
 * `reasoning`), text (string or text parts), refusal (as text, finish reason `content-filter`), tool calls, finish
 * reason, usage with cached, cache-write and reasoning tokens. A body of the wrong shape is an `ok: false` naming the
 * field, never a throw. Tool calls without an id get one from `generateId`.
 */
export function parseChatCompletion(options: {
  readonly json: unknown;
  readonly generateId: () => string;
}): ParseChatCompletionResult {
  const { json } = options;
  if (!isObject(json)) return { ok: false, problem: "the body is not a JSON object" };
  if (!Array.isArray(json.choices)) return { ok: false, problem: "choices is missing or not an array" };
  const choice: unknown = json.choices[0];
  if (choice === undefined) return { ok: false, problem: "the response did not contain any choices" };
  if (!isObject(choice) || !isObject(choice.message)) return { ok: false, problem: "choices[0].message is missing" };
  const message = choice.message;
  const content: LanguageModelV3Content[] = [];
  const reasoning = optionalString(message.reasoning_content) ?? optionalString(message.reasoning);
  if (reasoning !== undefined && reasoning.length > 0) content.push({ type: "reasoning", text: reasoning });
  const texts = contentParts(message.content);
  if (typeof texts === "string") return { ok: false, problem: texts };
  content.push(...texts);
  const refusal = optionalString(message.refusal);
  const hasRefusal = refusal !== undefined && refusal.length > 0;
  if (hasRefusal) content.push({ type: "text", text: refusal });
  const calls = toolCallParts({ toolCalls: message.tool_calls, generateId: options.generateId });
  if (typeof calls === "string") return { ok: false, problem: calls };
  content.push(...calls);
  const usage = isObject(json.usage) ? json.usage : undefined;
  const completionDetails = isObject(usage?.completion_tokens_details) ? usage.completion_tokens_details : {};
  const predictionTokens: Record<string, number> = {};
  const accepted = count(completionDetails.accepted_prediction_tokens);
  const rejected = count(completionDetails.rejected_prediction_tokens);
  if (accepted !== undefined) predictionTokens.acceptedPredictionTokens = accepted;
  if (rejected !== undefined) predictionTokens.rejectedPredictionTokens = rejected;
  const created = count(json.created);
  return {
    ok: true,
    value: {
      content,
      finishReason: toFinishReason(optionalString(choice.finish_reason), hasRefusal),
      usage: toUsage(usage),
      id: optionalString(json.id),
      modelId: optionalString(json.model),
      timestamp: created === undefined ? undefined : new Date(created * 1000),
      predictionTokens,
    },
  };
}
