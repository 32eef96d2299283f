import type { LanguageModelV3 } from "@ai-sdk/provider";
import { toProposeResult } from "../proposers/to-propose-result.js";
import type { Proposer } from "../spec/proposer.js";
import { askChatModel } from "./ask-chat-model.js";
import { extractTaggedText } from "./extract-tagged-text.js";
import { protectedPartsInstruction } from "./protected-parts-instruction.js";
import { type RewriteOutcome, toRewriteCandidate } from "./to-rewrite-candidate.js";

/** Options of {@link createGepaProposer}. */
export interface GepaProposerOptions {
  /** The chat model that reflects and rewrites. */
  readonly model: LanguageModelV3;
  /** Sampling temperature of both calls, in [0, 2]. Default 1. */
  readonly temperature?: number | undefined;
  /** Cap on answer tokens of each call. Default 1024. */
  readonly maxOutputTokens?: number | undefined;
  /** Characters of conditioning (failures first) to accept. Default 12000. */
  readonly conditioningBudgetChars?: number | undefined;
}

/** System message of both GEPA calls. */
export const gepaSystemMessage =
  "You improve system prompts for an AI assistant by studying where the assistant went wrong.";

/** First GEPA call: read the prompt and the failures, and diagnose what in the prompt causes them. */
export function gepaReflectionPrompt(options: { readonly prompt: string; readonly conditioning: string }): string {
  return [
    "## Current system prompt",
    options.prompt,
    "",
    "## Examples the assistant handled with this prompt (failures first), with the expected answers and feedback",
    options.conditioning.trim() === "" ? "(no examples)" : options.conditioning.trim(),
    "",
    "Diagnose the failures: which instructions are missing, unclear or wrong, and what general rule would have",
    "led to the expected answers? Do not rewrite the prompt yet. Write the diagnosis between <diagnosis> and </diagnosis>.",
  ].join("\n");
}

/** Second GEPA call: rewrite the whole prompt so that the diagnosed problems are fixed. */
export function gepaRewritePrompt(options: { readonly prompt: string; readonly diagnosis: string }): string {
  return [
    "## Current system prompt",
    options.prompt,
    "",
    "## Diagnosis of its failures",
    options.diagnosis,
    "",
    "Write an improved, complete system prompt that fixes these problems and keeps what already works.",
    protectedPartsInstruction(options.prompt),
    "Write the new prompt between <prompt> and </prompt>.",
  ].join("\n");
}

/**
 * The GEPA baseline (Agrawal et al., reflective prompt evolution): per candidate, a reflection call reads the current
 * prompt and the failures in the conditioning and writes a diagnosis, then a rewrite call writes an improved full
 * prompt from it (2 calls per candidate, both with `seed + k`). Rewrites that lose protected parts or lack the
 * expected tags are dropped with a warning. Pair it with the optimizer's `parentSelection: "frontier"` (Pareto
 * frontier, as in GEPA). The masked spans passed in are ignored.
 *
 * @throws provider failures of the model after its retries.
 */
export function createGepaProposer(options: GepaProposerOptions): Proposer {
  const { model } = options;
  const call = (request: {
    readonly prompt: string;
    readonly sampleIndex: number;
    readonly seed: number;
    readonly abortSignal: AbortSignal | undefined;
  }) =>
    askChatModel({
      ...request,
      model,
      system: gepaSystemMessage,
      temperature: options.temperature ?? 1,
      maxOutputTokens: options.maxOutputTokens ?? 1024,
    });
  return {
    specificationVersion: "v1",
    id: `gepa:${model.provider}:${model.modelId}`,
    conditioningBudgetChars: options.conditioningBudgetChars ?? 12_000,
    // A reflection and a rewrite per candidate.
    maxRequests: ({ count }) => 2 * count,
    async propose(propose) {
      const outcomes = await Promise.all(
        Array.from({ length: propose.count }, async (_, sampleIndex): Promise<RewriteOutcome> => {
          const seed = propose.seed + sampleIndex;
          const reflection = await call({
            prompt: gepaReflectionPrompt({ prompt: propose.prompt, conditioning: propose.conditioning }),
            sampleIndex,
            seed,
            abortSignal: propose.abortSignal,
          });
          const diagnosis = extractTaggedText({ text: reflection, tag: "diagnosis" }) ?? reflection.trim();
          if (diagnosis === "") return { warning: "GEPA reflection was empty; the candidate was dropped.", calls: 1 };
          const answer = await call({
            prompt: gepaRewritePrompt({ prompt: propose.prompt, diagnosis }),
            sampleIndex,
            seed,
            abortSignal: propose.abortSignal,
          });
          const rewrite = extractTaggedText({ text: answer, tag: "prompt" });
          if (rewrite === undefined)
            return { warning: "GEPA answer had no <prompt> block; the candidate was dropped.", calls: 2 };
          return toRewriteCandidate({ original: propose.prompt, rewrite, calls: 2 });
        }),
      );
      return toProposeResult(outcomes);
    },
  };
}
