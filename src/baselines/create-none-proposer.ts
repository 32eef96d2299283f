import type { Proposer } from "../spec/proposer.js";

/**
 * The `none` baseline: proposes no candidate, so the seed prompt is the result of the run (scored by the same
 * harness, which makes it the reference row of a comparison).
 */
export function createNoneProposer(): Proposer {
  return {
    specificationVersion: "v1",
    id: "baseline:none",
    conditioningBudgetChars: 0,
    async propose() {
      return { candidates: [], warnings: [] };
    },
  };
}
