import type { StepRun } from "../../../report/summarize-step-sweep.js";
import type { RunStore } from "../../../spec/store.js";
import { completedResult } from "../bench-runs/completed-result.js";

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const forwardPassesOf = (cost: unknown): number[] =>
  isRecord(cost) && typeof cost.forwardPasses === "number" ? [cost.forwardPasses] : [];

/**
 * What a run proposed, from its events: the candidates' hashes in order, and the forward passes of every sampled
 * candidate, the ones the proposer dropped (the fluency gate) included.
 */
function proposals(store: RunStore, runId: string): { hashes: string[]; passes: number[] } {
  const hashes: string[] = [];
  const passes: number[] = [];
  for (const event of store.listEvents(runId)) {
    if (!isRecord(event.data)) continue;
    if (event.type === "candidate-proposed" && typeof event.data.candidateHash === "string") {
      hashes.push(event.data.candidateHash);
      passes.push(...forwardPassesOf(event.data.cost));
    }
    if (event.type === "candidates-dropped" && Array.isArray(event.data.candidates))
      for (const dropped of event.data.candidates)
        passes.push(...(isRecord(dropped) ? forwardPassesOf(dropped.cost) : []));
  }
  return { hashes, passes };
}

/**
 * A completed run of a step sweep as the summary takes it, read back from the store (so a re-run of the sweep reports
 * the runs it found finished exactly as the run that made them): dev score, the final prompt's mean test score, spend,
 * the forward passes and dropped candidates the run counted (`spend.dlmForwardPasses`, `spend.droppedCandidates`: every
 * sampled candidate's work, dropped ones included), the most forward passes any sampled candidate took (the steps that
 * actually ran), and the hashes of the candidates it proposed. Undefined while the run is unfinished or failed.
 */
export function readStepRun(options: {
  readonly store: RunStore;
  readonly runId: string;
  readonly steps: number;
  readonly seed: number;
}): StepRun | undefined {
  const { store, runId } = options;
  const result = completedResult(store, runId);
  if (result === undefined) return undefined;
  const { spend } = result;
  const { hashes, passes } = proposals(store, runId);
  const testScores = store.listResults(runId, { candidateHash: result.bestHash, split: "test" });
  return {
    steps: options.steps,
    seed: options.seed,
    runId,
    devScore: result.devScore,
    ...(testScores.length === 0
      ? {}
      : { testScore: testScores.reduce((sum, score) => sum + score.score, 0) / testScores.length }),
    dlmCalls: spend.dlmCalls,
    tokens: spend.inputTokens + spend.outputTokens,
    costUsd: spend.costUsd,
    wallMs: spend.wallMs,
    ...(spend.dlmForwardPasses === undefined ? {} : { forwardPasses: spend.dlmForwardPasses }),
    ...(passes.length === 0 ? {} : { stepsRun: Math.max(...passes) }),
    ...(spend.droppedCandidates === undefined ? {} : { droppedCandidates: spend.droppedCandidates }),
    candidateHashes: hashes,
  };
}
