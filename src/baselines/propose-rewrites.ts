import type { LanguageModelV3 } from "@ai-sdk/provider";
import { toProposeResult } from "../proposers/to-propose-result.js";
import type { ProposeResult } from "../spec/proposer.js";
import { askChatModel } from "./ask-chat-model.js";
import { extractTaggedText } from "./extract-tagged-text.js";
import { type RewriteOutcome, toRewriteCandidate } from "./to-rewrite-candidate.js";

/** Options of {@link proposeRewrites}. */
export interface ProposeRewritesOptions {
  readonly model: LanguageModelV3;
  /** System message of every call. */
  readonly system: string;
  /** The user message of sample `sampleIndex` (0-based, below `count`). */
  readonly promptFor: (sampleIndex: number) => string;
  /** The method's name in warnings, e.g. `APE`. */
  readonly methodName: string;
  /** The prompt being rewritten; each rewrite must keep its protected parts. */
  readonly original: string;
  /** Samples to draw, one call each. */
  readonly count: number;
  /** Seed of sample 0; sample k uses `seed + k`. */
  readonly seed: number;
  /** Sampling temperature, in [0, 2]. */
  readonly temperature: number;
  /** Cap on answer tokens of each call. */
  readonly maxOutputTokens: number;
  readonly abortSignal?: AbortSignal | undefined;
}

/**
 * The one-call whole-prompt rewrite loop of the APE and OPRO baselines: `count` concurrent chat calls, each answer's
 * `<prompt>` block turned into a candidate of `original`. Answers without a `<prompt>` block, and rewrites that lose
 * protected parts, are dropped with a warning.
 *
 * @throws provider failures of the model after its retries.
 */
export async function proposeRewrites(options: ProposeRewritesOptions): Promise<ProposeResult> {
  const outcomes = await Promise.all(
    Array.from({ length: options.count }, async (_, sampleIndex): Promise<RewriteOutcome> => {
      const answer = await askChatModel({
        model: options.model,
        system: options.system,
        prompt: options.promptFor(sampleIndex),
        temperature: options.temperature,
        seed: options.seed + sampleIndex,
        sampleIndex,
        maxOutputTokens: options.maxOutputTokens,
        abortSignal: options.abortSignal,
      });
      const rewrite = extractTaggedText({ text: answer, tag: "prompt" });
      if (rewrite === undefined)
        return { warning: `${options.methodName} answer had no <prompt> block; the candidate was dropped.`, calls: 1 };
      return toRewriteCandidate({ original: options.original, rewrite, calls: 1 });
    }),
  );
  return toProposeResult(outcomes);
}
