import { fillPrompt } from "../prompt/fill-prompt.js";
import { promptHash } from "../prompt/prompt-hash.js";
import { splitPrompt } from "../prompt/split-prompt.js";
import type { Random } from "../spec/runtime.js";
import { meanOf } from "./frontier.js";
import { sampleInOrder } from "./sample-in-order.js";
import { type MaybeScore, scoredPairs } from "./scored-pairs.js";
import type { SentenceAttribution } from "./select-spans.js";

/** Options of {@link attributeSentences}. */
export interface AttributeSentencesOptions {
  readonly prompt: string;
  /** Per-example scores of the unchanged prompt on the probe examples. */
  readonly baselineScores: readonly MaybeScore[];
  /** Scores a prompt (identified by its hash) on the same probe examples, in the same order. */
  readonly score: (prompt: string, hash: string) => Promise<readonly MaybeScore[]>;
  /** Most sentences to probe; when there are more, a seeded sample. */
  readonly maxSentences: number;
  readonly random: Random;
}

/**
 * Leave-one-out attribution: drops each unprotected sentence in turn, scores the shortened prompt on a few examples and
 * returns the sentences ranked by effect (mean score without − mean score with), largest first, so sentences that
 * hurt on successes or fail to help on failures come first. Ties keep prompt order.
 */
export async function attributeSentences(options: AttributeSentencesOptions): Promise<SentenceAttribution[]> {
  const { prompt, baselineScores } = options;
  const sentences = splitPrompt({ prompt }).sentences.filter((sentence) => !sentence.isProtected);
  const chosen = sampleInOrder(sentences, options.maxSentences, options.random);
  // Probes run together (each is a few rollouts; the evaluator's limiter bounds the total); all settle before a
  // failure is thrown, so no probe keeps running behind the caller's back.
  const outcomes = await Promise.allSettled(
    chosen.map(async (sentence) => {
      const without = fillPrompt({
        prompt,
        maskedSpans: [{ start: sentence.start, end: sentence.end, slots: 0, strategy: "attributed" }],
        fills: [""],
      });
      const scores = await options.score(without, promptHash(without));
      // Paired: an example whose call failed with or without the sentence says nothing about it.
      const pairs = scoredPairs(baselineScores, scores);
      return { start: sentence.start, end: sentence.end, effect: meanOf(pairs.after) - meanOf(pairs.before) };
    }),
  );
  const attributions: SentenceAttribution[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === "rejected") throw outcome.reason;
    attributions.push(outcome.value);
  }
  return attributions
    .map((attribution, order) => ({ attribution, order }))
    .sort((a, b) => b.attribution.effect - a.attribution.effect || a.order - b.order)
    .map(({ attribution }) => attribution);
}
