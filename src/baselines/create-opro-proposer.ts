import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { Proposer, ScoredPrompt } from "../spec/proposer.js";
import { proposeRewrites } from "./propose-rewrites.js";
import { protectedPartsInstruction } from "./protected-parts-instruction.js";

/** Options of {@link createOproProposer}. */
export interface OproProposerOptions {
  /** The chat model acting as optimiser. */
  readonly model: LanguageModelV3;
  /** Highest-scoring prompts shown in the meta-prompt (≥ 1). Default 20, as in the OPRO paper. */
  readonly maxHistory?: number | undefined;
  /** Sampling temperature, in [0, 2]. Default 1. */
  readonly temperature?: number | undefined;
  /** Cap on answer tokens. Default 1024. */
  readonly maxOutputTokens?: number | undefined;
  /** Characters of conditioning (examples) to accept. Default 8000. */
  readonly conditioningBudgetChars?: number | undefined;
}

/** System message of every OPRO call. */
export const oproSystemMessage =
  "You optimise system prompts for an AI assistant. You answer with one new prompt between <prompt> and </prompt>.";

/**
 * The prompts the meta-prompt lists: one entry per distinct prompt (its best score), the `maxHistory` highest, in
 * ascending order of score so the best come last. The current prompt is included (unscored) when the history lacks it.
 */
export function oproHistory(options: {
  readonly history: readonly ScoredPrompt[];
  readonly current: string;
  readonly maxHistory: number;
}): { readonly prompt: string; readonly score?: number | undefined }[] {
  const best = new Map<string, number>();
  for (const entry of options.history)
    best.set(entry.prompt, Math.max(entry.score, best.get(entry.prompt) ?? -Infinity));
  const ranked = [...best.entries()]
    .map(([prompt, score]) => ({ prompt, score }))
    .sort((a, b) => b.score - a.score)
    .slice(0, options.maxHistory)
    .reverse();
  return best.has(options.current) ? ranked : [{ prompt: options.current }, ...ranked];
}

/** The OPRO meta-prompt: scored prompts in ascending order, examples of the task, and the request for a better one. */
export function oproMetaPrompt(options: {
  readonly entries: readonly { readonly prompt: string; readonly score?: number | undefined }[];
  readonly current: string;
  readonly conditioning: string;
}): string {
  const listed = options.entries.map(
    (entry) =>
      `<prompt>\n${entry.prompt}\n</prompt>\nscore: ${entry.score === undefined ? "not scored yet" : (entry.score * 100).toFixed(1)}`,
  );
  return [
    "Below are system prompts for an assistant with their scores (0 to 100, higher is better), from lowest to highest.",
    "",
    ...listed,
    "",
    "## Examples of the task, with the assistant's answers and feedback",
    options.conditioning.trim() === "" ? "(no examples)" : options.conditioning.trim(),
    "",
    "Write a new system prompt that differs from all prompts above and scores higher than all of them.",
    protectedPartsInstruction(options.current),
    "Write the new prompt between <prompt> and </prompt>.",
  ].join("\n");
}

/**
 * The OPRO baseline (Yang et al., "Large Language Models as Optimizers"): a meta-prompt lists the run's scored
 * prompts (`ProposeOptions.history`, ascending by score) and examples from the conditioning, and asks for a better
 * prompt; `count` samples with `seed + k`. Each replaces the whole prompt outside its protected parts; rewrites that
 * lose them or have no `<prompt>` block are dropped with a warning. The masked spans passed in are ignored.
 *
 * @throws provider failures of the model after its retries.
 */
export function createOproProposer(options: OproProposerOptions): Proposer {
  const { model } = options;
  return {
    specificationVersion: "v1",
    id: `opro:${model.provider}:${model.modelId}`,
    conditioningBudgetChars: options.conditioningBudgetChars ?? 8000,
    maxRequests: ({ count }) => count,
    async propose(propose) {
      const entries = oproHistory({
        history: propose.history ?? [],
        current: propose.prompt,
        maxHistory: options.maxHistory ?? 20,
      });
      const prompt = oproMetaPrompt({ entries, current: propose.prompt, conditioning: propose.conditioning });
      return proposeRewrites({
        model,
        system: oproSystemMessage,
        promptFor: () => prompt,
        methodName: "OPRO",
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
