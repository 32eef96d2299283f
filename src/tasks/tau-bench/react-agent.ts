import type { LanguageModelV3 } from "@ai-sdk/provider";
import { generateText, type ModelMessage } from "ai";
import type { TauToolDefinition } from "./load-tau-domain.js";
import { parsePythonJson } from "./parse-python-json.js";
import { toPythonJson } from "./python-json.js";
import { isPyDict } from "./python-value.js";
import { toKeywordArguments } from "./read-tool-arguments.js";
import type { TauAgent, TauAgentAction, TauTurn } from "./tau-agent.js";

/** The pseudo-tool a ReAct agent uses to talk to the user. */
export const respondActionName = "respond";

/**
 * The instruction the original's ReAct agent appends after the tools, line by line as it renders it (worked example
 * included; its last example writes `respond` unquoted, as the original does). Checked against `fixtures/prompts.json`.
 */
const reactInstructionLines: readonly string[] = [
  "",
  "# Instruction",
  "You need to act as an agent that use the above tools to help the user according to the above policy.",
  "",
  "At each step, your generation should have exactly the following format:",
  "Thought:",
  "<A single line of reasoning to process the context and inform the decision making. Do not include extra lines.>",
  "Action:",
  '{"name": <The name of the action>, "arguments": <The arguments to the action in json format>}',
  "",
  "The Action will be parsed, so it must be valid JSON.",
  "",
  "You should not use made-up or placeholder arguments.",
  "",
  'For example, if the user says "I want to know the current weather of San Francisco", and there is such a tool available',
  "{",
  '    "type": "function",',
  '    "function": {',
  '        "name": "get_current_weather",',
  '        "description": "Get the current weather",',
  '        "parameters": {',
  '            "type": "object",',
  '            "properties": {',
  '                "location": {',
  '                    "type": "string",',
  '                    "description": "The city and state, e.g. San Francisco, CA",',
  "                },",
  '                "format": {',
  '                    "type": "string",',
  '                    "enum": ["celsius", "fahrenheit"],',
  '                    "description": "The temperature unit to use. Infer this from the users location.",',
  "                },",
  "            },",
  '            "required": ["location", "format"],',
  "        },",
  "    }",
  "}",
  "",
  "Your response can be like this:",
  "Thought:",
  "Since the user asks for the weather of San Francisco in USA, the unit should be in fahrenheit. I can query get_current_weather to get the weather.",
  "Action:",
  '{"name": "get_current_weather", "arguments": {"location": "San Francisco, CA", "format": "fahrenheit"}}',
  "",
  'And if the tool returns "70F", your response can be:',
  "Thought:",
  "I can answer the user now.",
  "Action:",
  '{"name": respond, "arguments": {"content": "The current weather of San Francisco is 70F."}}',
  "",
  "Try to be helpful and always follow the policy.",
  "",
];

/**
 * The ReAct agent's system prompt, as the original builds it: the policy (the prompt under optimisation), then
 * `\n#Available tools\n`, the tool definitions as Python's `json.dumps` prints them, and the instruction.
 */
export function toReactSystemPrompt(options: {
  readonly policy: string;
  readonly toolDefinitions: readonly TauToolDefinition[];
}): string {
  const tools = toPythonJson({ value: options.toolDefinitions });
  return `${options.policy}\n#Available tools\n${tools}${reactInstructionLines.join("\n")}`;
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
 * Reads the action of a ReAct reply as the original does: the text after the last `Action:` (the whole reply when
 * there is none), stripped. Text that is not JSON is sent to the user as it is. JSON that is not an object with
 * `name` (a string) and `arguments` (an object), or a `respond` without a string `content`, fails the episode, as
 * the original's assertions and validation do.
 */
export function parseReactAction(text: string, id: string): TauAgentAction {
  const actionText = (text.split("Action:").pop() ?? "").trim();
  const parsed = parsePythonJson(actionText);
  if (!parsed.ok) return { kind: "respond", text: actionText, historyText: text };
  const action = parsed.value;
  if (!isPyDict(action) || !Object.hasOwn(action, "name") || !Object.hasOwn(action, "arguments"))
    return { kind: "crash", reason: "the action has no name or arguments", text };
  const name = action.name;
  const args = toKeywordArguments(action.arguments ?? null);
  if (typeof name !== "string") return { kind: "crash", reason: "the action's name is not a string", text };
  if (!args.ok) return { kind: "crash", reason: args.error, text };
  if (name === respondActionName) {
    const content = args.value.content;
    if (typeof content !== "string") return { kind: "crash", reason: "respond without a string content", text };
    return { kind: "respond", text: content, historyText: text };
  }
  return {
    kind: "tool",
    id,
    name,
    arguments: args.value,
    argumentsText: toPythonJson({ value: action.arguments }),
    text,
  };
}

/**
 * The original's ReAct text agent (for models without native tool calling): tools and instruction in the system
 * prompt, the model answers `Thought: … Action: {"name": …, "arguments": …}`; temperature 0 by default.
 */
export function createReactAgent(options: {
  readonly model: LanguageModelV3;
  /** Sampling temperature (default 0, as the original). */
  readonly temperature?: number | undefined;
}): TauAgent {
  return {
    kind: "react",
    async step({ systemPrompt, toolDefinitions, turns, trial, abortSignal }) {
      const result = await generateText({
        model: options.model,
        system: toReactSystemPrompt({ policy: systemPrompt, toolDefinitions }),
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
