import { InvalidInputError } from "../errors/invalid-input-error.js";
import { createSeededRandom } from "../internal/seeded-random.js";
import { fillPrompt } from "../prompt/fill-prompt.js";
import { validateCandidate } from "../prompt/validate-candidate.js";
import type { MaskedSpan, ProposedCandidate, Proposer } from "../spec/proposer.js";
import type { Random } from "../spec/runtime.js";

/** Options of {@link createRandomEditProposer}. */
export interface RandomEditProposerOptions {
  /** Phrases to fill spans with (e.g. from `loadCorpusPhrases`, or `builtinPhrases`); at least one. */
  readonly phrases: readonly string[];
}

/** A random phrase for one span: empty half the time for `delete` spans, else cut to the span's word allowance. */
function phraseFor(
  span: MaskedSpan,
  context: { readonly phrases: readonly string[]; readonly random: Random },
): string {
  const { phrases, random } = context;
  if (span.strategy === "delete" && random.next() < 0.5) return "";
  const words = (phrases[random.int(phrases.length)] ?? "").split(/\s+/).filter((word) => word !== "");
  // About 0.75 words per mask slot, as the other proposers assume.
  const allowance = Math.max(1, Math.round(span.slots * 0.75));
  if (words.length <= allowance) return words.join(" ");
  const start = random.int(words.length - allowance + 1);
  return words.slice(start, start + allowance).join(" ");
}

/**
 * The `random-edit` baseline: fills every masked span with a random phrase (a corpus sentence, cut to the span's
 * slots; `delete` spans are emptied half the time). Candidate k draws from `seed` forked by `random-edit:k`, so a seed
 * always gives the same candidates. Candidates that break protected regions are dropped with a warning.
 *
 * @throws InvalidInputError when `phrases` is empty.
 */
export function createRandomEditProposer(options: RandomEditProposerOptions): Proposer {
  const phrases = options.phrases.filter((phrase) => phrase.trim() !== "");
  if (phrases.length === 0)
    throw new InvalidInputError({
      message: "The random-edit baseline needs at least one phrase.",
      location: { field: "corpus" },
    });
  return {
    specificationVersion: "v1",
    id: "baseline:random-edit",
    conditioningBudgetChars: 0,
    async propose(propose) {
      const candidates: ProposedCandidate[] = [];
      const warnings: string[] = [];
      for (let index = 0; index < propose.count; index += 1) {
        const random = createSeededRandom(propose.seed).fork(`random-edit:${index}`);
        const fills = propose.maskedSpans.map((span) => phraseFor(span, { phrases, random }));
        const prompt = fillPrompt({ prompt: propose.prompt, maskedSpans: propose.maskedSpans, fills });
        const validation = validateCandidate({ original: propose.prompt, candidate: prompt });
        if (validation.isValid) candidates.push({ prompt, fills, maskedSpans: propose.maskedSpans, cost: {} });
        else warnings.push(`Random edit dropped: ${validation.problems.join(" ")}`);
      }
      return { candidates, warnings };
    },
  };
}
