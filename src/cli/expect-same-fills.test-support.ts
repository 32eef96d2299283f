import { expect } from "vitest";
import type { Proposer } from "../spec/proposer.js";
import type { Runtime } from "../spec/runtime.js";

/**
 * Asks two proposers for the same sentence rewrite with seeds 1–20 and expects the same fills, two candidates each:
 * the check that a model gives the same answers in process and behind a logits server. Build both proposers with the
 * fluency gate off, so every candidate the model writes is compared.
 */
export async function expectSameFills(options: {
  readonly here: Proposer;
  readonly there: Proposer;
  readonly runtime: Runtime;
}): Promise<void> {
  const ask = (proposer: Proposer, seed: number) =>
    proposer.propose({
      prompt: "You are a support agent. Be polite and short. Answer with exactly one word: positive or negative.",
      maskedSpans: [{ start: 25, end: 46, slots: 6, strategy: "sentence" }],
      conditioning: "",
      count: 2,
      seed,
      diffusion: { steps: 4, remasking: "low_confidence", temperature: 0.8, cfgScale: 0 },
      runtime: options.runtime,
    });
  for (let seed = 1; seed <= 20; seed += 1) {
    const [here, there] = await Promise.all([ask(options.here, seed), ask(options.there, seed)]);
    expect(here.candidates, `seed ${seed}`).toHaveLength(2);
    expect(
      there.candidates.map((candidate) => candidate.fills),
      `seed ${seed}`,
    ).toEqual(here.candidates.map((candidate) => candidate.fills));
  }
}
