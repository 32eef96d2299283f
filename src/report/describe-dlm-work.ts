import type { Spend } from "../spec/events.js";

/**
 * A native DLM's forward passes and the candidates the proposer dropped before scoring (the fluency gate), whose work
 * both the forward passes and the DLM calls include, as a sentence fragment: `"64 DLM forward passes; 5 candidates
 * dropped by the proposer before scoring (their work counted)"`. Empty when the run recorded neither (a chat DLM that
 * dropped nothing, or a run stored before they were counted).
 */
export function describeDlmWork(spend: Spend): string {
  const parts = [
    ...(spend.dlmForwardPasses === undefined ? [] : [`${spend.dlmForwardPasses} DLM forward passes`]),
    ...(spend.droppedCandidates === undefined || spend.droppedCandidates === 0
      ? []
      : [`${spend.droppedCandidates} candidates dropped by the proposer before scoring (their work counted)`]),
  ];
  return parts.join("; ");
}
