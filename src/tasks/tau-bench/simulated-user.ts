import type { LanguageModelV3 } from "@ai-sdk/provider";
import { generateText, type ModelMessage } from "ai";

/** The agent's opening line in every tau-bench episode. */
export const agentGreeting = "Hi! How can I help you today?";

/** The marker the simulated user writes, alone, when its goal is reached. */
export const stopMarker = "###STOP###";

/** The simulated user's system prompt for a task instruction (our wording of the reference's behaviour). */
export function toSimulatedUserPrompt(instruction: string): string {
  return [
    "You are playing a customer who is chatting with a customer-service agent. Stay in that role for the whole conversation.",
    "",
    `Your situation and goal: ${instruction}`,
    "",
    "How to behave:",
    "- Write one short message at a time, as a real customer would type it.",
    "- Reveal only what the agent needs for the current step; do not dump the whole situation at once.",
    "- Never make up facts you were not given (ids, addresses, numbers, preferences). If asked for something you do not know, say you do not know or have it.",
    "- Do not copy the wording of your goal; say it in your own words and keep the personality it describes.",
    `- When your goal has been fully handled (or cannot be), reply with ${stopMarker} alone and nothing else.`,
  ].join("\n");
}

/** A simulated user: an LLM that receives the agent's messages and answers as the customer. */
export interface SimulatedUser {
  /** The user's reply to the agent's `message` (the first call gets the agent's greeting). */
  reply(message: string, abortSignal?: AbortSignal | undefined): Promise<string>;
}

/**
 * Creates the simulated user of one episode: its own conversation in which the agent's messages are the "user"
 * turns and the customer's lines are the model's answers. Temperature 0 by default; `trial` keys the call cache
 * when sampling.
 */
export function createSimulatedUser(options: {
  readonly model: LanguageModelV3;
  readonly instruction: string;
  readonly temperature?: number | undefined;
  readonly trial?: number | undefined;
}): SimulatedUser {
  const system = toSimulatedUserPrompt(options.instruction);
  const messages: ModelMessage[] = [];
  return {
    async reply(message, abortSignal) {
      messages.push({ role: "user", content: message });
      const result = await generateText({
        model: options.model,
        system,
        messages,
        temperature: options.temperature ?? 0,
        providerOptions: { dlmpo: { sampleIndex: options.trial ?? 0 } },
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
