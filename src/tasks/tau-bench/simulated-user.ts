import type { LanguageModelV3 } from "@ai-sdk/provider";
import { generateText, type ModelMessage } from "ai";

/** The agent's opening line in every tau-bench episode. */
export const agentGreeting = "Hi! How can I help you today?";

/** The marker the simulated user writes, alone, when its goal is reached. */
export const stopMarker = "###STOP###";

/** The rules of the original's LLM user (`LLMUserSimulationEnv`), line by line, exactly as it renders them. */
const userRules: readonly string[] = [
  "Rules:",
  "- Just generate one line at a time to simulate the user's message.",
  "- Do not give away all the instruction at once. Only provide the information that is necessary for the current step.",
  "- Do not hallucinate information that is not provided in the instruction. For example, if the agent asks for the order id but it is not mentioned in the instruction, do not make up an order id, just say you do not remember or have it.",
  "- If the instruction goal is satisified, generate '###STOP###' as a standalone message without anything else to end the conversation.",
  "- Do not repeat the exact instruction in the conversation. Instead, use your own words to convey the same information.",
  "- Try to make the conversation as natural as possible, and stick to the personalities in the instruction.",
];

/**
 * The simulated user's system prompt, character for character the original's (checked against
 * `fixtures/prompts.json`, rendered by the original's own code): the role line, the task instruction, the rules.
 */
export function toSimulatedUserPrompt(instruction: string): string {
  return ["You are a user interacting with an agent.", "", `Instruction: ${instruction}`, "", ...userRules].join("\n");
}

/** A simulated user: an LLM that receives the agent's messages and answers as the customer. */
export interface SimulatedUser {
  /** The user's reply to the agent's `message` (the first call gets the agent's greeting). */
  reply(message: string, abortSignal?: AbortSignal | undefined): Promise<string>;
}

/**
 * Creates the simulated user of one episode, as the original's: its own conversation (system prompt, then the agent's
 * greeting and messages as "user" turns, the customer's lines as the model's answers) and the provider's default
 * sampling unless `temperature` is given. Sampled calls (any temperature but 0) carry `trial` in the call-cache key,
 * so trials differ.
 */
export function createSimulatedUser(options: {
  readonly model: LanguageModelV3;
  readonly instruction: string;
  /** Sampling temperature; undefined leaves the provider's default (1.0 for OpenAI), as the original does. */
  readonly temperature?: number | undefined;
  readonly trial?: number | undefined;
}): SimulatedUser {
  const system = toSimulatedUserPrompt(options.instruction);
  const messages: ModelMessage[] = [];
  const sampled = options.temperature === undefined;
  return {
    async reply(message, abortSignal) {
      messages.push({ role: "user", content: message });
      const result = await generateText({
        model: options.model,
        system,
        messages,
        ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
        providerOptions: { dlmpo: { sampleIndex: options.trial ?? 0, ...(sampled ? { sampled: true } : {}) } },
        // The models layer retries; the SDK must not retry on top of it.
        maxRetries: 0,
        ...(abortSignal === undefined ? {} : { abortSignal }),
      });
      const text = result.text;
      messages.push({ role: "assistant", content: text });
      return text;
    },
  };
}
