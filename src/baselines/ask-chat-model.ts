import type { LanguageModelV3 } from "@ai-sdk/provider";

/** One chat call of a baseline proposer. */
export interface AskChatModelOptions {
  readonly model: LanguageModelV3;
  readonly system: string;
  readonly prompt: string;
  /** Sampling temperature in [0, 2]. */
  readonly temperature: number;
  /** Seed of the call; candidate k of a proposal uses `seed + k`. */
  readonly seed: number;
  /** Index of the sample, part of the call-cache key (`providerOptions.dlmpo.sampleIndex`), so samples differ. */
  readonly sampleIndex: number;
  readonly maxOutputTokens: number;
  readonly abortSignal?: AbortSignal | undefined;
}

/**
 * Sends one system + user message to a chat model through the AI SDK and returns the answer text.
 *
 * @throws whatever the model throws once its own retries are spent (provider failures are not expected outcomes).
 */
export async function askChatModel(options: AskChatModelOptions): Promise<string> {
  // The AI SDK loads with the first call, so commands that never ask a chat model never load it.
  const { generateText } = await import("ai");
  const result = await generateText({
    model: options.model,
    system: options.system,
    prompt: options.prompt,
    temperature: options.temperature,
    seed: options.seed,
    maxOutputTokens: options.maxOutputTokens,
    providerOptions: { dlmpo: { sampleIndex: options.sampleIndex } },
    ...(options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal }),
  });
  return result.text;
}
