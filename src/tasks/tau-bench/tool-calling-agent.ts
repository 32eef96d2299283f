import type { JSONSchema7, LanguageModelV3 } from "@ai-sdk/provider";
import { generateText, jsonSchema, type ModelMessage, type ToolSet, tool } from "ai";
import type { TauToolDefinition } from "./load-tau-domain.js";
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

function toModelMessage(turn: TauTurn): ModelMessage {
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
            input: turn.toolCall.arguments,
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
export function toModelMessages(turns: readonly TauTurn[]): ModelMessage[] {
  return turns.map((turn) => toModelMessage(turn));
}

function parseInput(input: unknown): unknown {
  if (typeof input !== "string") return input;
  try {
    return JSON.parse(input);
  } catch {
    return input;
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
      const result = await generateText({
        model: options.model,
        system: systemPrompt,
        messages: toModelMessages(turns),
        tools: toAiSdkTools(toolDefinitions),
        temperature: options.temperature ?? 0,
        ...(options.maxOutputTokens === undefined ? {} : { maxOutputTokens: options.maxOutputTokens }),
        providerOptions: { dlmpo: { sampleIndex: trial } },
        // The models layer retries; the SDK must not retry on top of it.
        maxRetries: 0,
        ...(abortSignal === undefined ? {} : { abortSignal }),
      });
      const call = result.toolCalls[0];
      if (call === undefined) return { kind: "respond", text: result.text };
      return {
        kind: "tool",
        id: call.toolCallId,
        name: call.toolName,
        arguments: parseInput(call.input),
        text: result.text,
      };
    },
  };
}
