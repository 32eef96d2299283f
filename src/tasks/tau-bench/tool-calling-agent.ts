import type { JSONSchema7, LanguageModelV3, LanguageModelV3ToolCall } from "@ai-sdk/provider";
import { generateText, jsonSchema, type ModelMessage, type ToolSet, tool, wrapLanguageModel } from "ai";
import type { TauToolDefinition } from "./load-tau-domain.js";
import { readToolArguments } from "./read-tool-arguments.js";
import type { TauAgent, TauAgentAction, TauTurn } from "./tau-agent.js";

/** The tool definitions as AI SDK tools without `execute`: the episode runner dispatches calls itself. */
export function toAiSdkTools(definitions: readonly TauToolDefinition[]): ToolSet {
  const tools: ToolSet = {};
  for (const definition of definitions) {
    tools[definition.function.name] = tool({
      description: definition.function.description,
      // tools.json parameters are JSON Schema objects; no validator, so arguments reach the tool as sent.
      inputSchema: jsonSchema(definition.function.parameters as JSONSchema7),
    });
  }
  return tools;
}

/**
 * How a past tool call's arguments go back to the model: the text as the model wrote it (OpenAI-style providers send
 * a JSON string verbatim, so `250.0` stays `250.0`, as the original resends its message), or the parsed object for
 * providers that take an object (Anthropic).
 */
export type ToolArgumentsHistory = "text" | "object";

function toModelMessage(turn: TauTurn, history: ToolArgumentsHistory): ModelMessage {
  switch (turn.role) {
    case "user":
      return { role: "user", content: turn.content };
    case "assistant":
      if (turn.toolCall === undefined) return { role: "assistant", content: turn.content };
      return {
        role: "assistant",
        content: [
          ...(turn.content === "" ? [] : [{ type: "text" as const, text: turn.content }]),
          {
            type: "tool-call" as const,
            toolCallId: turn.toolCall.id,
            toolName: turn.toolCall.name,
            input: history === "text" ? turn.toolCall.argumentsText : parseForHistory(turn.toolCall.argumentsText),
          },
        ],
      };
    case "tool":
      return {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: turn.toolCallId,
            toolName: turn.name,
            output: { type: "text", value: turn.content },
          },
        ],
      };
  }
}

/** The conversation as AI SDK messages: assistant tool calls followed by their tool results. */
export function toModelMessages(turns: readonly TauTurn[], history: ToolArgumentsHistory = "text"): ModelMessage[] {
  return turns.map((turn) => toModelMessage(turn, history));
}

function parseForHistory(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The native tool-calling agent of tau-bench: the prompt under optimisation as system message, the domain's tools
 * (names, descriptions and schemas verbatim), temperature 0 by default. When the model calls several tools, only the
 * first is processed, as in the reference.
 */
export function createToolCallingAgent(options: {
  readonly model: LanguageModelV3;
  /** Sampling temperature (default 0). */
  readonly temperature?: number | undefined;
  /** Output token limit per step (default: the provider's). */
  readonly maxOutputTokens?: number | undefined;
}): TauAgent {
  return {
    kind: "tool-calling",
    async step({ systemPrompt, toolDefinitions, turns, trial, abortSignal }): Promise<TauAgentAction> {
      // The SDK parses tool-call arguments with JSON.parse (250.0 → 250); the raw text is read off the provider result.
      const rawCalls: LanguageModelV3ToolCall[] = [];
      const model = wrapLanguageModel({
        model: options.model,
        middleware: {
          specificationVersion: "v3",
          async wrapGenerate({ doGenerate }) {
            const generated = await doGenerate();
            for (const part of generated.content) if (part.type === "tool-call") rawCalls.push(part);
            return generated;
          },
        },
      });
      const result = await generateText({
        model,
        system: systemPrompt,
        messages: toModelMessages(turns, options.model.provider.startsWith("anthropic") ? "object" : "text"),
        tools: toAiSdkTools(toolDefinitions),
        temperature: options.temperature ?? 0,
        ...(options.maxOutputTokens === undefined ? {} : { maxOutputTokens: options.maxOutputTokens }),
        providerOptions: { dlmpo: { sampleIndex: trial } },
        // The models layer retries; the SDK must not retry on top of it.
        maxRetries: 0,
        ...(abortSignal === undefined ? {} : { abortSignal }),
      });
      const call = rawCalls[0];
      if (call === undefined) return { kind: "respond", text: result.text };
      const parsed = readToolArguments(call.input);
      if (!parsed.ok) return { kind: "crash", reason: parsed.error, text: result.text };
      return {
        kind: "tool",
        id: call.toolCallId,
        name: call.toolName,
        arguments: parsed.value,
        argumentsText: call.input,
        text: result.text,
      };
    },
  };
}
