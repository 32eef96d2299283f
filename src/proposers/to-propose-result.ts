import type { ProposedCandidate, ProposeResult } from "../spec/proposer.js";

/** One sample of a proposal: a candidate, or why it was dropped (an expected outcome, reported as a warning). */
export type ProposeOutcome = { readonly candidate: ProposedCandidate } | { readonly warning: string };

/** Splits per-sample outcomes into a propose result: candidates in sample order, warnings for the dropped ones. */
export function toProposeResult(outcomes: readonly ProposeOutcome[]): ProposeResult {
  const candidates: ProposedCandidate[] = [];
  const warnings: string[] = [];
  for (const outcome of outcomes) {
    if ("candidate" in outcome) candidates.push(outcome.candidate);
    else warnings.push(outcome.warning);
  }
  return { candidates, warnings };
}
