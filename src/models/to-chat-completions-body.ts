import type { LanguageModelV3CallOptions, SharedV3Warning } from "@ai-sdk/provider";
import { toChatCompletionsMessages } from "./to-chat-completions-messages.js";

/** Which Chat Completions flavour a request is for: OpenAI's own API or any OpenAI-compatible server. */
export type ChatCompletionsDialect = "openai" | "openai-compatible";

/** A request body ready to send, or `delegate` when only the full AI SDK provider can express the call. */
export type ChatCompletionsBody =
  | {
      readonly kind: "body";
      readonly body: Record<string, unknown>;
      readonly warnings: SharedV3Warning[];
      /** Key of `providerMetadata` in the result, as the AI SDK provider names it. */
      readonly metadataKey: string;
    }
  | { readonly kind: "delegate" };

/** Options the AI SDK's OpenAI-compatible provider maps to body fields; every other key is copied as is. */
const mappedCompatibleKeys = new Set(["user", "reasoningEffort", "textVerbosity", "strictJsonSchema"]);
const deprecatedKey = "openai-compatible";
const compatibleKey = "openaiCompatible";

function isOptional(value: unknown, type: "string" | "boolean", nullable = false): boolean {
  return value === undefined || (nullable && value === null) || typeof value === type;
}

/** Body fields from `providerOptions` of an OpenAI-compatible call; undefined when a mapped option has a bad type. */
function compatibleFields(options: {
  readonly call: LanguageModelV3CallOptions;
  readonly warnings: SharedV3Warning[];
}): Record<string, unknown> | undefined {
  const deprecated = options.call.providerOptions?.[deprecatedKey];
  const current = options.call.providerOptions?.[compatibleKey];
  if (deprecated === undefined && current === undefined) return {};
  if (deprecated !== undefined) {
    const message = `The '${deprecatedKey}' key in providerOptions is deprecated. Use '${compatibleKey}' instead.`;
    options.warnings.push({ type: "other", message });
  }
  const merged: Record<string, unknown> = { ...deprecated, ...current };
  const { user, reasoningEffort, textVerbosity, strictJsonSchema } = merged;
  if (!isOptional(user, "string") || !isOptional(reasoningEffort, "string", true)) return undefined;
  if (!isOptional(textVerbosity, "string") || !isOptional(strictJsonSchema, "boolean")) return undefined;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(merged)) if (!mappedCompatibleKeys.has(key)) fields[key] = value;
  if (user !== undefined) fields.user = user;
  if (reasoningEffort !== undefined) fields.reasoning_effort = reasoningEffort;
  if (textVerbosity !== undefined) fields.verbosity = textVerbosity;
  return fields;
}

function toolFields(call: LanguageModelV3CallOptions): Record<string, unknown> | undefined {
  const tools = call.tools ?? [];
  if (tools.length === 0) return {};
  const functions: Record<string, unknown>[] = [];
  for (const tool of tools) {
    if (tool.type !== "function") return undefined;
    const definition = { name: tool.name, description: tool.description, parameters: tool.inputSchema };
    functions.push({
      type: "function",
      function: tool.strict === undefined ? definition : { ...definition, strict: tool.strict },
    });
  }
  const choice = call.toolChoice;
  if (choice === undefined) return { tools: functions };
  const toolChoice = choice.type === "tool" ? { type: "function", function: { name: choice.toolName } } : choice.type;
  return { tools: functions, tool_choice: toolChoice };
}

/**
 * Builds the JSON body of `POST /chat/completions` for a V3 call, field for field as the AI SDK's `openai` chat and
 * `openai-compatible` chat models send it for the calls they share: messages, tools and tool choice, `max_tokens`,
 * temperature, `top_p`, penalties, stop, seed, JSON response format; `topK` gives an "unsupported" warning.
 * For `openai-compatible`, provider options under `openaiCompatible` (or the deprecated `openai-compatible`) are copied
 * into the body (`user`, `reasoningEffort` → `reasoning_effort`, `textVerbosity` → `verbosity`).
 * Returns `delegate` for what only the full provider handles: `openai` provider options, provider-defined tools,
 * file parts, JSON schemas for `openai` (it rewrites them for strict mode), and malformed provider options.
 */
export function toChatCompletionsBody(options: {
  readonly call: LanguageModelV3CallOptions;
  readonly modelId: string;
  readonly dialect: ChatCompletionsDialect;
}): ChatCompletionsBody {
  const { call, dialect } = options;
  const isOpenAI = dialect === "openai";
  if (isOpenAI && call.providerOptions?.openai !== undefined) return { kind: "delegate" };
  const warnings: SharedV3Warning[] = [];
  const extra = isOpenAI ? {} : compatibleFields({ call, warnings });
  const tools = toolFields(call);
  const optionKeys = isOpenAI ? ["openai"] : [deprecatedKey, compatibleKey];
  const messages = toChatCompletionsMessages({ prompt: call.prompt, keepReasoning: !isOpenAI, optionKeys });
  if (extra === undefined || tools === undefined || messages === undefined) return { kind: "delegate" };
  const format = call.responseFormat;
  if (format?.type === "json" && format.schema !== undefined) {
    if (isOpenAI) return { kind: "delegate" };
    const details = "JSON response format schema is only supported with structuredOutputs";
    warnings.push({ type: "unsupported", feature: "responseFormat", details });
  }
  if (call.topK !== undefined) warnings.push({ type: "unsupported", feature: "topK" });
  const body: Record<string, unknown> = {
    model: options.modelId,
    max_tokens: call.maxOutputTokens,
    temperature: call.temperature,
    top_p: call.topP,
    frequency_penalty: call.frequencyPenalty,
    presence_penalty: call.presencePenalty,
    response_format: format?.type === "json" ? { type: "json_object" } : undefined,
    stop: call.stopSequences,
    seed: call.seed,
    ...extra,
    messages,
    ...tools,
  };
  const metadataKey = isOpenAI
    ? "openai"
    : call.providerOptions?.[compatibleKey] === undefined
      ? deprecatedKey
      : compatibleKey;
  return { kind: "body", body, warnings, metadataKey };
}
