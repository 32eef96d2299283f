import { promptHash } from "../prompt/prompt-hash.js";
import { validateCandidate } from "../prompt/validate-candidate.js";
import type { ProposedCandidate, ScoredPrompt } from "../spec/proposer.js";
import type { Random } from "../spec/runtime.js";
import type { Example } from "../spec/task.js";
import { buildConditioning } from "../traces/build-conditioning.js";
import { attributeSentences } from "./attribute-sentences.js";
import { BudgetStop, type Evaluator, emitFailures } from "./create-evaluator.js";
import type { EventLog } from "./event-log.js";
import { computeFrontier, meanOf } from "./frontier.js";
import { judgeAcceptance } from "./judge-acceptance.js";
import { proposeCandidates } from "./propose-candidates.js";
import type { RunSessionOptions } from "./run-session-options.js";
import { sampleInOrder } from "./sample-in-order.js";
import { type MaybeScore, type ScoredPairs, scoredPairs } from "./scored-pairs.js";
import type { SpendTracker } from "./spend-tracker.js";
import { survivorsOf } from "./successive-halving.js";

/** A prompt the run accepted (the seed included), with its scores on every dev example of the run (selection, then acceptance). */
export interface AcceptedCandidate {
  readonly hash: string;
  readonly prompt: string;
  readonly promptLength: number;
  readonly parentHash?: string | undefined;
  readonly round: number;
  /** Undefined where the example's call failed after its retries. */
  readonly devScores: readonly MaybeScore[];
}

/** State and parts one round works with; `accepted` and `seen` are updated in place. */
export interface RoundContext extends RunSessionOptions {
  readonly round: number;
  readonly parent: AcceptedCandidate;
  readonly train: readonly Example[];
  /** The dev sample: the selection examples first, then the acceptance examples. */
  readonly dev: readonly Example[];
  /** How many of `dev` select; the rest accept. */
  readonly selectionSize: number;
  /** Successive-halving rung sizes over the selection examples. */
  readonly rungs: readonly number[];
  readonly accepted: AcceptedCandidate[];
  /** Hash → round of every prompt proposed so far (and the seed): the duplicate check. */
  readonly seen: Map<string, number>;
  /** Every prompt scored on dev so far with its mean on the last rung it reached, in order; grows in place. */
  readonly history: ScoredPrompt[];
  readonly random: Random;
  readonly evaluator: Evaluator;
  readonly tracker: SpendTracker;
  readonly log: EventLog;
}

interface FreshCandidate {
  readonly hash: string;
  readonly prompt: string;
}

/**
 * One round: roll the parent out on a training minibatch, build the conditioning, choose spans, propose, screen,
 * select by successive halving on the selection examples and accept by a paired test on the acceptance examples.
 * Returns the number of accepted children.
 *
 * @throws BudgetStop when a budget runs out (after scoring what was already proposed).
 */
export async function runRound(context: RoundContext): Promise<number> {
  const { round, parent, settings, random, evaluator, log } = context;
  log.emit({ type: "round-started", round, parentHashes: [parent.hash] });
  const minibatch = sampleMinibatch(context);
  const rollout = await evaluator.evaluate({
    prompt: parent.prompt,
    hash: parent.hash,
    split: "train",
    examples: minibatch,
  });
  emitFailures(evaluator, log);
  log.emit({
    type: "rollout-completed",
    round,
    candidateHash: parent.hash,
    exampleIds: minibatch.map((example) => example.id),
    meanScore: meanOf(rollout.scores),
  });
  const conditioning = buildConditioning({
    traces: rollout.traces,
    budgetChars: context.proposer.conditioningBudgetChars,
    random: random.fork("conditioning"),
    maxSuccesses: settings.conditioningSuccesses,
  });
  const probes = minibatch.slice(0, settings.attributionExamples);
  const attributions =
    (settings.spanStrategies.attributed ?? 0) > 0
      ? await attributeSentences({
          prompt: parent.prompt,
          baselineScores: rollout.scores.slice(0, probes.length),
          score: async (prompt, hash) =>
            (await evaluator.evaluate({ prompt, hash, split: "train", examples: probes })).scores,
          maxSentences: settings.attributionSentences,
          random: random.fork("attribution"),
        })
      : [];
  emitFailures(evaluator, log);
  const proposal = await proposeCandidates({
    parentPrompt: parent.prompt,
    conditioning,
    attributions,
    history: context.history,
    settings,
    proposer: context.proposer,
    runtime: context.runtime,
    random: random.fork("propose"),
    tracker: context.tracker,
    cache: context.proposalCache,
    ...(context.proposalMemoPerRun === true ? { memoScope: context.runId } : {}),
    abortSignal: context.abortSignal,
  });
  const fresh = screen(context, proposal.candidates);
  if (proposal.dropped.length > 0)
    log.emit({ type: "candidates-dropped", round, proposerId: context.proposer.id, candidates: proposal.dropped });
  const accepts = fresh.length === 0 ? 0 : await halve(context, fresh);
  if (accepts > 0) log.emit({ type: "frontier-updated", round, candidateHashes: computeFrontier(context.accepted) });
  if (proposal.exhausted !== undefined) throw new BudgetStop(proposal.exhausted);
  return accepts;
}

function sampleMinibatch(context: RoundContext): Example[] {
  return sampleInOrder(context.train, context.settings.trainMinibatch, context.random.fork("minibatch"));
}

/** Emits every proposal, rejects unchanged, invalid and duplicate ones, and returns the rest in proposal order. */
function screen(context: RoundContext, candidates: readonly ProposedCandidate[]): FreshCandidate[] {
  const { round, parent, log, seen } = context;
  const fresh: FreshCandidate[] = [];
  for (const candidate of candidates) {
    const hash = promptHash(candidate.prompt);
    log.emit({
      type: "candidate-proposed",
      round,
      candidateHash: hash,
      parentHash: parent.hash,
      prompt: candidate.prompt,
      fills: candidate.fills,
      maskedSpans: candidate.maskedSpans,
      proposerId: context.proposer.id,
      cost: candidate.cost,
    });
    const reject = (reason: "duplicate" | "invalid" | "unchanged", detail: string): void =>
      log.emit({ type: "candidate-rejected", round, candidateHash: hash, reason, detail });
    if (hash === parent.hash) {
      reject("unchanged", "The fills reproduce the parent prompt.");
      continue;
    }
    const validation = validateCandidate({ original: parent.prompt, candidate: candidate.prompt });
    if (!validation.isValid) {
      reject("invalid", validation.problems.join(" "));
      continue;
    }
    const firstRound = seen.get(hash);
    if (firstRound !== undefined) {
      reject("duplicate", `Same prompt as a candidate of round ${firstRound}; its scores are reused.`);
      continue;
    }
    seen.set(hash, round);
    fresh.push({ hash, prompt: candidate.prompt });
  }
  return fresh;
}

/**
 * Successive halving on nested prefixes of the selection examples; then the best `acceptCandidates` survivors are
 * scored on the acceptance examples, which played no part in selecting them, and tested against the parent there.
 */
async function halve(context: RoundContext, fresh: readonly FreshCandidate[]): Promise<number> {
  const { round, parent, dev, selectionSize, rungs, log } = context;
  let survivors = [...fresh];
  let finalists: { candidate: FreshCandidate; scores: readonly MaybeScore[] }[] = [];
  for (const [rung, size] of rungs.entries()) {
    const examples = dev.slice(0, size);
    const parentScores = parent.devScores.slice(0, size);
    const scored = (await evaluateAll(context, survivors, examples)).map((entry) => ({
      ...entry,
      pairs: scoredPairs(parentScores, entry.scores),
    }));
    for (const { candidate, scores } of scored)
      log.emit({
        type: "candidate-scored",
        round,
        candidateHash: candidate.hash,
        split: "dev",
        rung,
        exampleCount: size,
        meanScore: meanOf(scores),
      });
    const isLast = rung === rungs.length - 1;
    // Ranked by the paired gain over the parent on the examples both were scored on (no failed example counts).
    const ranked = [...scored].sort((a, b) => pairedGain(b.pairs) - pairedGain(a.pairs));
    const keepCount = isLast ? context.settings.acceptCandidates : survivorsOf(ranked.length);
    const keep = new Set(ranked.slice(0, keepCount).map(({ candidate }) => candidate.hash));
    for (const { candidate, scores, pairs } of scored) {
      // The history (what OPRO-style proposers read) holds selection scores only, never acceptance ones.
      if (isLast || !keep.has(candidate.hash))
        context.history.push({ prompt: candidate.prompt, score: meanOf(scores) });
      if (keep.has(candidate.hash)) continue;
      log.emit({
        type: "candidate-declined",
        round,
        candidateHash: candidate.hash,
        parentHash: parent.hash,
        stage: "selection",
        meanDifference: pairedGain(pairs),
        exampleCount: pairs.before.length,
        failedExamples: pairs.failed,
      });
    }
    survivors = survivors.filter((candidate) => keep.has(candidate.hash));
    if (isLast) finalists = ranked.filter(({ candidate }) => keep.has(candidate.hash));
  }
  if (finalists.length === 0) return 0;
  const acceptanceExamples = dev.slice(selectionSize);
  const tested = await evaluateAll(
    context,
    finalists.map(({ candidate }) => candidate),
    acceptanceExamples,
  );
  const decisions = judgeAcceptance({
    parentAcceptanceScores: parent.devScores.slice(selectionSize),
    trials: tested.map(({ candidate, scores }) => ({ hash: candidate.hash, acceptanceScores: scores })),
    settings: context.settings,
    random: context.random,
  });
  let accepts = 0;
  for (const [index, { candidate, scores }] of tested.entries()) {
    const devScores = [...(finalists[index]?.scores ?? []), ...scores];
    log.emit({
      type: "candidate-scored",
      round,
      candidateHash: candidate.hash,
      split: "dev",
      rung: rungs.length,
      exampleCount: devScores.length,
      meanScore: meanOf(devScores),
    });
    const decision = decisions[index];
    if (decision === undefined) continue;
    const { hash: _hash, passes, ...verdict } = decision;
    log.emit({
      type: passes ? "candidate-accepted" : "candidate-declined",
      round,
      candidateHash: candidate.hash,
      parentHash: parent.hash,
      ...verdict,
    });
    if (!passes) continue;
    accepts += 1;
    context.accepted.push({
      ...candidate,
      promptLength: candidate.prompt.length,
      parentHash: parent.hash,
      round,
      devScores,
    });
  }
  return accepts;
}

/** Scores every candidate on the examples (in parallel); the first failure is rethrown once all have settled. */
async function evaluateAll(
  context: RoundContext,
  candidates: readonly FreshCandidate[],
  examples: readonly Example[],
): Promise<{ candidate: FreshCandidate; scores: readonly MaybeScore[] }[]> {
  const outcomes = await Promise.allSettled(
    candidates.map((candidate) => context.evaluator.evaluate({ ...candidate, split: "dev", examples })),
  );
  const failure = outcomes.find((outcome) => outcome.status === "rejected");
  if (failure !== undefined) throw failure.reason;
  emitFailures(context.evaluator, context.log);
  return candidates.map((candidate, index) => {
    const outcome = outcomes[index];
    return { candidate, scores: outcome?.status === "fulfilled" ? outcome.value.scores : [] };
  });
}

/** Mean gain of the child over the parent on the examples both were scored on; 0 when there are none. */
function pairedGain(pairs: ScoredPairs): number {
  return meanOf(pairs.after) - meanOf(pairs.before);
}
