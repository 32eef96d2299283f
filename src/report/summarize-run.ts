import type { JudgeCheck, OptimizerEvent, PairedTestName, Spend, TestComparison } from "../spec/events.js";
import type { MaskedSpan } from "../spec/proposer.js";
import type { ExampleResult, RunRecord, StoredEvent } from "../spec/store.js";
import type { MetricValue } from "../spec/task.js";
import { compareSplits, type FlipSet, findFlips, type SplitComparison } from "./compare-seed-best.js";
import { describeDiffusionSettings } from "./describe-diffusion-settings.js";
import { findJudgeCheck } from "./find-judge-check.js";
import { findLargestChanges } from "./find-largest-changes.js";
import { type SpendRow, toSpendRows } from "./spend-rows.js";
import { toOptimizerEvent } from "./to-optimizer-event.js";

/** How a candidate ended: the seed, accepted over its parent, declined by the paired test, rejected before scoring, or only proposed. */
export type CandidateStatus = "seed" | "accepted" | "declined" | "rejected" | "proposed";

/** One candidate prompt of the run with its best-known scores (highest successive-halving rung per split). */
export interface CandidateView {
  readonly hash: string;
  readonly round: number;
  readonly parentHash?: string | undefined;
  readonly prompt: string;
  readonly fills: readonly string[];
  readonly maskedSpans: readonly MaskedSpan[];
  readonly proposerId: string;
  status: CandidateStatus;
  rejectReason?: string | undefined;
  trainScore?: { readonly rung: number; readonly value: number } | undefined;
  devScore?: { readonly rung: number; readonly value: number } | undefined;
}

/** Figures of one round: train-minibatch score of the current prompt(s) and the best dev score after the round. */
export interface RoundView {
  readonly round: number;
  trainScore?: number | undefined;
  devBestScore?: number | undefined;
  proposed: number;
  /** Samples the proposer dropped before they were proposed (the fluency gate); absent when none were. */
  dropped?: number | undefined;
  accepted: number;
}

/** An accepted child with its parent's text: one step of the lineage, shown as a diff. */
export interface AcceptedChange {
  readonly round: number;
  readonly parentHash: string;
  readonly childHash: string;
  readonly before: string;
  readonly after: string;
  readonly fills: readonly string[];
  readonly maskedSpans: readonly MaskedSpan[];
  readonly proposerId: string;
  readonly meanDifference: number;
  readonly pValue: number;
  /** Holm-adjusted p-value and the round's level it was held to; absent in runs stored before the acceptance split. */
  readonly adjustedPValue?: number | undefined;
  readonly alpha?: number | undefined;
  readonly test?: PairedTestName | undefined;
  /** Acceptance examples the test ran on. */
  readonly exampleCount?: number | undefined;
}

/** Everything a report shows, derived from a stored run alone (pure, deterministic). */
export interface RunSummary {
  readonly run: Omit<RunRecord, "config" | "summary">;
  readonly seedHash?: string | undefined;
  readonly seedPrompt?: string | undefined;
  readonly bestHash?: string | undefined;
  readonly bestPrompt?: string | undefined;
  readonly stopReason?: string | undefined;
  /** The rounds are over (a `run-stopped` event): "no candidate beat the seed" is then an answer, not a state. */
  readonly finished: boolean;
  readonly rounds: readonly RoundView[];
  readonly candidates: readonly CandidateView[];
  readonly acceptedChanges: readonly AcceptedChange[];
  readonly comparisons: readonly SplitComparison[];
  readonly flips: readonly FlipSet[];
  /** Held-out examples whose score moved most between seed and best (replies side by side). */
  readonly largestChanges?: ReturnType<typeof findLargestChanges>;
  readonly testMetrics: readonly MetricValue[];
  /** Seed against the final prompt on the same test examples; undefined when not scored. */
  readonly testComparison?: TestComparison | undefined;
  /** A judged run's rubric and the judge's agreement with logged feedback on held-out conversations. */
  readonly judgeCheck?: JudgeCheck | undefined;
  readonly spend?: Spend | undefined;
  readonly spendRows: readonly SpendRow[];
  /** The run's diffusion settings as one line (`describeDiffusionSettings`), when stored. */
  readonly diffusionSettings?: string | undefined;
}

/** The stored pieces of one run that every renderer takes. */
export interface StoredRun {
  readonly run: RunRecord;
  readonly events: readonly StoredEvent[];
  readonly results: readonly ExampleResult[];
}

function roundOf(rounds: Map<number, RoundView>, round: number): RoundView {
  const existing = rounds.get(round);
  if (existing !== undefined) return existing;
  const created: RoundView = { round, proposed: 0, accepted: 0 };
  rounds.set(round, created);
  return created;
}

/** Folds the events into candidates and rounds; mutates the two maps. */
function applyEvent(
  event: OptimizerEvent,
  state: { candidates: Map<string, CandidateView>; rounds: Map<number, RoundView>; rollouts: Map<number, number[]> },
): void {
  const { candidates, rounds } = state;
  switch (event.type) {
    case "run-started":
      candidates.set(event.seedHash, {
        hash: event.seedHash,
        round: 0,
        prompt: event.seedPrompt,
        fills: [],
        maskedSpans: [],
        proposerId: "seed",
        status: "seed",
      });
      return;
    case "round-started":
      roundOf(rounds, event.round);
      return;
    case "rollout-completed": {
      state.rollouts.set(event.round, [...(state.rollouts.get(event.round) ?? []), event.meanScore]);
      const candidate = candidates.get(event.candidateHash);
      if (candidate !== undefined && candidate.trainScore === undefined)
        candidate.trainScore = { rung: -1, value: event.meanScore };
      return;
    }
    case "candidate-proposed":
      roundOf(rounds, event.round).proposed += 1;
      if (!candidates.has(event.candidateHash))
        candidates.set(event.candidateHash, {
          hash: event.candidateHash,
          round: event.round,
          parentHash: event.parentHash,
          prompt: event.prompt,
          fills: event.fills,
          maskedSpans: event.maskedSpans,
          proposerId: event.proposerId,
          status: "proposed",
        });
      return;
    case "candidates-dropped": {
      const view = roundOf(rounds, event.round);
      view.dropped = (view.dropped ?? 0) + event.candidates.length;
      return;
    }
    case "candidate-rejected": {
      const candidate = candidates.get(event.candidateHash);
      // A duplicate of an earlier candidate must not relabel the earlier, already scored one.
      if (candidate?.status === "proposed" && candidate.trainScore === undefined && candidate.devScore === undefined) {
        candidate.status = "rejected";
        candidate.rejectReason = `${event.reason}: ${event.detail}`;
      }
      return;
    }
    case "candidate-scored": {
      const candidate = candidates.get(event.candidateHash);
      if (candidate === undefined) return;
      const score = { rung: event.rung, value: event.meanScore };
      if (event.split === "train" && (candidate.trainScore?.rung ?? -2) <= event.rung) candidate.trainScore = score;
      if (event.split === "dev" && (candidate.devScore?.rung ?? -2) <= event.rung) candidate.devScore = score;
      return;
    }
    case "candidate-accepted":
    case "candidate-declined": {
      const candidate = candidates.get(event.candidateHash);
      if (event.type === "candidate-accepted") roundOf(rounds, event.round).accepted += 1;
      if (candidate !== undefined && candidate.status !== "seed" && candidate.status !== "accepted")
        candidate.status = event.type === "candidate-accepted" ? "accepted" : "declined";
      return;
    }
    case "round-completed":
      roundOf(rounds, event.round).devBestScore = event.bestDevScore;
      return;
    case "judge-checked":
    case "frontier-updated":
    case "run-stopped":
    case "test-scored":
    case "test-compared":
    case "example-failed":
    case "run-completed":
      return;
    default: {
      const unreachable: never = event;
      throw new TypeError(`Unhandled optimizer event ${JSON.stringify(unreachable)}`);
    }
  }
}

function mean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Derives the report model of a run from its record, events (in sequence order) and per-example results.
 * Unknown event types are skipped; a run still in progress gives a partial summary.
 */
export function summarizeRun(options: StoredRun): RunSummary {
  const { run, results } = options;
  const events = [...options.events]
    .sort((a, b) => a.sequence - b.sequence)
    .map(toOptimizerEvent)
    .filter((event) => event !== undefined);
  const state = {
    candidates: new Map<string, CandidateView>(),
    rounds: new Map<number, RoundView>(),
    rollouts: new Map<number, number[]>(),
  };
  for (const event of events) applyEvent(event, state);
  for (const [round, scores] of state.rollouts) roundOf(state.rounds, round).trainScore = mean(scores);

  const started = events.find((event) => event.type === "run-started");
  const completed = events.findLast((event) => event.type === "run-completed");
  const stopped = events.findLast((event) => event.type === "run-stopped");
  const lastRound = events.findLast((event) => event.type === "round-completed");
  // A run without optimizer events (an eval run) scored one prompt: it is both seed and best.
  const seedHash = started?.seedHash ?? (events.length === 0 ? results[0]?.candidateHash : undefined);
  const bestHash = completed?.bestHash ?? lastRound?.bestHash ?? seedHash;
  const bestPrompt =
    completed?.bestPrompt ?? (bestHash === undefined ? undefined : state.candidates.get(bestHash)?.prompt);

  for (const candidate of state.candidates.values()) {
    if (candidate.devScore !== undefined) continue;
    const dev = mean(
      results.filter((r) => r.candidateHash === candidate.hash && r.split === "dev").map((r) => r.score),
    );
    if (dev !== undefined) candidate.devScore = { rung: Number.MAX_SAFE_INTEGER, value: dev };
  }

  const acceptedChanges: AcceptedChange[] = [];
  for (const event of events) {
    if (event.type !== "candidate-accepted") continue;
    const child = state.candidates.get(event.candidateHash);
    const parent = state.candidates.get(event.parentHash);
    if (child === undefined || parent === undefined) continue;
    acceptedChanges.push({
      round: event.round,
      parentHash: parent.hash,
      childHash: child.hash,
      before: parent.prompt,
      after: child.prompt,
      fills: child.fills,
      maskedSpans: child.maskedSpans,
      proposerId: child.proposerId,
      meanDifference: event.meanDifference,
      pValue: event.pValue,
      adjustedPValue: event.adjustedPValue,
      alpha: event.alpha,
      test: event.test,
      exampleCount: event.exampleCount,
    });
  }

  const spend = completed?.spend ?? stopped?.spend ?? lastRound?.spend;
  const { config: _config, summary: _summary, ...record } = run;
  return {
    run: record,
    seedHash,
    seedPrompt: started?.seedPrompt,
    bestHash,
    bestPrompt,
    stopReason: stopped?.reason,
    finished: stopped !== undefined,
    rounds: [...state.rounds.values()].sort((a, b) => a.round - b.round),
    candidates: [...state.candidates.values()],
    acceptedChanges,
    comparisons: compareSplits({ results, seedHash, bestHash, seed: run.seed }),
    flips: findFlips({ results, seedHash, bestHash }),
    largestChanges: findLargestChanges({ results, seedHash, bestHash }),
    testMetrics: testMetricsOf(events, bestHash),
    testComparison: events.findLast((event) => event.type === "test-compared"),
    judgeCheck: findJudgeCheck(events),
    spend,
    spendRows: toSpendRows({ spend, config: run.config }),
    diffusionSettings: describeDiffusionSettings(run.config),
  };
}

/** Test metrics of the final prompt: its own `test-scored` event (runs now score the seed too), else the last one. */
function testMetricsOf(events: readonly OptimizerEvent[], bestHash: string | undefined): readonly MetricValue[] {
  const scored = events.filter((event) => event.type === "test-scored");
  return (scored.findLast((event) => event.candidateHash === bestHash) ?? scored.at(-1))?.metrics ?? [];
}
