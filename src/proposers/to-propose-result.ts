import type { DroppedCandidate, ProposedCandidate, ProposeResult } from "../spec/proposer.js";

/** One sample of a proposal: a candidate, or why it was dropped (an expected outcome, reported as a warning). */
export type ProposeOutcome =
  | { readonly candidate: ProposedCandidate }
  | {
      readonly warning: string;
      /** Model requests spent on the dropped sample. */
      readonly calls?: number | undefined;
    };

/**
 * Splits per-sample outcomes into a propose result: candidates in sample order, warnings and `dropped` entries for the
 * dropped ones, and the model requests of all samples (`cost.calls` of candidates, `calls` of dropped ones).
 */
export function toProposeResult(outcomes: readonly ProposeOutcome[]): ProposeResult {
  const candidates: ProposedCandidate[] = [];
  const warnings: string[] = [];
  const dropped: DroppedCandidate[] = [];
  let requests = 0;
  for (const outcome of outcomes) {
    if ("candidate" in outcome) {
      candidates.push(outcome.candidate);
      requests += outcome.candidate.cost.calls ?? 0;
    } else {
      warnings.push(outcome.warning);
      dropped.push({ reason: outcome.warning, cost: outcome.calls === undefined ? {} : { calls: outcome.calls } });
      requests += outcome.calls ?? 0;
    }
  }
  return dropped.length === 0 ? { candidates, warnings, requests } : { candidates, warnings, requests, dropped };
}
