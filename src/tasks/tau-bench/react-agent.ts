import type { LanguageModelV3 } from "@ai-sdk/provider";
import { generateText, type ModelMessage } from "ai";
import type { TauToolDefinition } from "./load-tau-domain.js";
import type { TauAgent, TauAgentAction, TauTurn } from "./tau-agent.js";

/** The pseudo-tool a ReAct agent uses to talk to the user. */
export const respondActionName = "respond";

/** The instructions appended to the system prompt of a ReAct agent: the tools and the answer format. */
export function toReactInstructions(definitions: readonly TauToolDefinition[]): string {
  return [
    "# Tools you can use",
    JSON.stringify(definitions.map((definition) => definition.function)),
    "",
    "# How to answer",
    "You are the agent: use the tools above to help the user, following the policy above.",
    "Every reply has exactly this form:",
    "Thought:",
    "<one line of reasoning about what to do next>",
    "Action:",
    '{"name": <tool name, or "respond" to message the user>, "arguments": <the arguments as a JSON object>}',
    "",
    'To message the user, use {"name": "respond", "arguments": {"content": <your message>}}.',
    "Take exactly one action per reply. Tool results come back as messages starting with `API output:`.",
  ].join("\n");
}

/** A past turn as the ReAct model saw it: tool results come back as user messages. */
function toReactMessage(turn: TauTurn): ModelMessage {
  switch (turn.role) {
    case "user":
      return { role: "user", content: turn.content };
    case "assistant":
      return { role: "assistant", content: turn.content };
    case "tool":
      return { role: "user", content: `API output: ${turn.content}` };
  }
}

/**
 * Reads the action of a ReAct reply: the JSON after the last `Action:`. A reply without a readable action is
 * treated as a message to the user (its whole text), as the reference does.
 */
export function parseReactAction(text: string, id: string): TauAgentAction {
  const marker = text.lastIndexOf("Action:");
  if (marker >= 0) {
    const json = text.slice(marker + "Action:".length).trim();
    try {
      const parsed: unknown = JSON.parse(json);
      if (parsed !== null && typeof parsed === "object" && "name" in parsed && typeof parsed.name === "string") {
        const args: unknown = "arguments" in parsed ? parsed.arguments : {};
        if (parsed.name === respondActionName) {
          const content =
            args !== null && typeof args === "object" && "content" in args
              ? String(args.content)
              : JSON.stringify(args);
          return { kind: "respond", text: content, historyText: text };
        }
        return { kind: "tool", id, name: parsed.name, arguments: args, text };
      }
    } catch {
      // Not JSON: falls through to a plain message.
    }
  }
  return { kind: "respond", text };
}

/**
 * A ReAct-style text agent for models without native tool calling: tools are described in the system prompt and
 * the model answers `Thought: … Action: {"name": …, "arguments": …}`.
 */
export function createReactAgent(options: {
  readonly model: LanguageModelV3;
  /** Sampling temperature (default 0). */
  readonly temperature?: number | undefined;
}): TauAgent {
  return {
    kind: "react",
    async step({ systemPrompt, toolDefinitions, turns, trial, abortSignal }) {
      const result = await generateText({
        model: options.model,
        system: `${systemPrompt}\n\n${toReactInstructions(toolDefinitions)}`,
        messages: turns.map((turn) => toReactMessage(turn)),
        temperature: options.temperature ?? 0,
        providerOptions: { dlmpo: { sampleIndex: trial } },
        // The models layer retries; the SDK must not retry on top of it.
        maxRetries: 0,
        ...(abortSignal === undefined ? {} : { abortSignal }),
      });
      return parseReactAction(result.text, `react_${turns.length}`);
    },
  };
}
