import { createSeededRandom } from "../internal/seeded-random.js";
import { fillPrompt } from "../prompt/fill-prompt.js";
import type { ProposeOptions, Proposer } from "../spec/proposer.js";

/** A proposer for tests that fills every span with one of `phrases`, drawn from the call's seed. */
export interface ScriptedProposer extends Proposer {
  /** Every call, in order. */
  readonly calls: ProposeOptions[];
}

/**
 * Creates a scripted proposer: candidate `i` of a call fills each span with a phrase drawn from `seed` and `i`, so
 * the same call always gives the same candidates. Test-only double.
 */
export function createScriptedProposer(options: {
  readonly phrases: readonly string[];
  readonly id?: string | undefined;
}): ScriptedProposer {
  const calls: ProposeOptions[] = [];
  return {
    specificationVersion: "v1",
    id: options.id ?? "scripted",
    conditioningBudgetChars: 600,
    calls,
    async propose(request) {
      calls.push(request);
      const candidates = Array.from({ length: request.count }, (_, index) => {
        const random = createSeededRandom(request.seed).fork(`candidate:${index}`);
        const fills = request.maskedSpans.map(() => options.phrases[random.int(options.phrases.length)] ?? "");
        const prompt = fillPrompt({ prompt: request.prompt, maskedSpans: request.maskedSpans, fills });
        return { prompt, fills, maskedSpans: request.maskedSpans, cost: { calls: 1 } };
      });
      return { candidates, warnings: [] };
    },
  };
}
