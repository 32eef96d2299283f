import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { Proposer } from "../spec/proposer.js";
import { proposeRewrites } from "./propose-rewrites.js";
import { protectedPartsInstruction } from "./protected-parts-instruction.js";

/** Options of {@link createApeProposer}. */
export interface ApeProposerOptions {
  /** The chat model that writes instructions. */
  readonly model: LanguageModelV3;
  /** Sampling temperature, in [0, 2]. Default 1 (APE samples). */
  readonly temperature?: number | undefined;
  /** Cap on answer tokens. Default 1024. */
  readonly maxOutputTokens?: number | undefined;
  /** Characters of conditioning (traces) to accept. Default 12000. */
  readonly conditioningBudgetChars?: number | undefined;
}

/** System message of every APE call. */
export const apeSystemMessage =
  "You write instructions for an AI assistant. You answer with the instruction alone, between <prompt> and </prompt>.";

/** Meta-prompt of instruction induction: infer the instruction from the examples in the traces. */
export function apeInductionPrompt(options: { readonly prompt: string; readonly conditioning: string }): string {
  return [
    "An assistant was given a system prompt (an instruction) and then the inputs below. For each input you see what it",
    "answered, what the right answer was, and feedback. Work out the instruction that makes an assistant give the right",
    "answer for every one of these inputs, and write it as a complete system prompt.",
    "",
    "## Examples",
    options.conditioning.trim() === "" ? "(no examples)" : options.conditioning.trim(),
    "",
    protectedPartsInstruction(options.prompt),
    "Write the instruction between <prompt> and </prompt>.",
  ].join("\n");
}

/** Meta-prompt of APE's resampling step: a variation of the current instruction with the same meaning. */
export function apeResamplePrompt(options: { readonly prompt: string }): string {
  return [
    "Write a variation of the following instruction. Keep its meaning and every rule it states; change the wording.",
    "",
    "## Instruction",
    options.prompt,
    "",
    protectedPartsInstruction(options.prompt),
    "Write the new instruction between <prompt> and </prompt>.",
  ].join("\n");
}

/**
 * The APE baseline (Zhou et al., instruction induction with resampling): of the `count` candidates, the first half
 * (rounded up) are instructions induced from the input → output examples in the conditioning, the rest are
 * resampled variations of the current prompt. Each replaces the whole prompt outside its protected parts;
 * rewrites that lose protected parts or have no `<prompt>` block are dropped with a warning.
 * Candidate k is a call with `seed + k` and its own sample index. The masked spans passed in are ignored.
 *
 * @throws provider failures of the model after its retries.
 */
export function createApeProposer(options: ApeProposerOptions): Proposer {
  const { model } = options;
  return {
    specificationVersion: "v1",
    id: `ape:${model.provider}:${model.modelId}`,
    conditioningBudgetChars: options.conditioningBudgetChars ?? 12_000,
    maxRequests: ({ count }) => count,
    async propose(propose) {
      const induced = Math.ceil(propose.count / 2);
      return proposeRewrites({
        model,
        system: apeSystemMessage,
        promptFor: (sampleIndex) =>
          sampleIndex < induced
            ? apeInductionPrompt({ prompt: propose.prompt, conditioning: propose.conditioning })
            : apeResamplePrompt({ prompt: propose.prompt }),
        methodName: "APE",
        original: propose.prompt,
        count: propose.count,
        seed: propose.seed,
        temperature: options.temperature ?? 1,
        maxOutputTokens: options.maxOutputTokens ?? 1024,
        abortSignal: propose.abortSignal,
      });
    },
  };
}
