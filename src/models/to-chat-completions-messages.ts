import type { LanguageModelV3Prompt, LanguageModelV3ToolResultOutput } from "@ai-sdk/provider";

/** One message of a Chat Completions request body. */
export type ChatCompletionsMessage = Record<string, unknown>;

function serializeToolInput(input: unknown): string {
  if (typeof input === "string") {
    try {
      JSON.parse(input);
      return input;
    } catch {
      return JSON.stringify(input);
    }
  }
  return JSON.stringify(input) ?? "null";
}

function toolOutputText(output: LanguageModelV3ToolResultOutput): string {
  switch (output.type) {
    case "text":
    case "error-text":
      return output.value;
    case "execution-denied":
      return output.reason ?? "Tool call execution denied.";
    case "content":
    case "json":
    case "error-json":
      return JSON.stringify(output.value) ?? "null";
  }
}

function carriesOptions(
  item: { readonly providerOptions?: Readonly<Record<string, unknown>> | undefined },
  keys: readonly string[],
): boolean {
  return keys.some((key) => item.providerOptions?.[key] !== undefined);
}

/**
 * Converts a V3 prompt to Chat Completions messages, as the AI SDK's OpenAI chat providers do for text and tools:
 * system, user (one text part → a string, several → text parts), assistant (text, tool calls, and for
 * `keepReasoning` its reasoning as `reasoning_content`), tool results (one `tool` message each).
 * Returns undefined when the prompt holds something only the full AI SDK provider converts (files: images, audio,
 * PDFs) or per-message provider options under one of `optionKeys`, so the caller can hand the call over to it.
 */
export function toChatCompletionsMessages(options: {
  readonly prompt: LanguageModelV3Prompt;
  readonly keepReasoning: boolean;
  /** Provider option keys (e.g. `openai`) whose per-message use only the AI SDK provider implements. */
  readonly optionKeys: readonly string[];
}): ChatCompletionsMessage[] | undefined {
  const messages: ChatCompletionsMessage[] = [];
  for (const message of options.prompt) {
    if (carriesOptions(message, options.optionKeys)) return undefined;
    if (typeof message.content !== "string" && message.content.some((part) => carriesOptions(part, options.optionKeys)))
      return undefined;
    switch (message.role) {
      case "system":
        messages.push({ role: "system", content: message.content });
        break;
      case "user": {
        const texts: string[] = [];
        for (const part of message.content) {
          if (part.type !== "text") return undefined;
          texts.push(part.text);
        }
        const content = texts.length === 1 ? texts[0] : texts.map((text) => ({ type: "text", text }));
        messages.push({ role: "user", content });
        break;
      }
      case "assistant": {
        let text = "";
        let reasoning = "";
        const toolCalls: Record<string, unknown>[] = [];
        for (const part of message.content) {
          if (part.type === "text") text += part.text;
          else if (part.type === "reasoning") reasoning += part.text;
          else if (part.type === "tool-call") {
            const call = { name: part.toolName, arguments: serializeToolInput(part.input) };
            toolCalls.push({ id: part.toolCallId, type: "function", function: call });
          }
        }
        messages.push({
          role: "assistant",
          content: toolCalls.length > 0 ? text || null : text,
          ...(options.keepReasoning && reasoning.length > 0 ? { reasoning_content: reasoning } : {}),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        });
        break;
      }
      case "tool":
        for (const part of message.content) {
          if (part.type !== "tool-result") continue;
          messages.push({ role: "tool", tool_call_id: part.toolCallId, content: toolOutputText(part.output) });
        }
        break;
    }
  }
  return messages;
}
