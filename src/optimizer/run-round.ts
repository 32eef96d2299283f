import { pairedBootstrap } from "../internal/statistics.js";
import { promptHash } from "../prompt/prompt-hash.js";
import { validateCandidate } from "../prompt/validate-candidate.js";
import type { ProposedCandidate, ScoredPrompt } from "../spec/proposer.js";
import type { Random } from "../spec/runtime.js";
import type { Example } from "../spec/task.js";
import { buildConditioning } from "../traces/build-conditioning.js";
import { attributeSentences } from "./attribute-sentences.js";
import { BudgetStop, type Evaluator } from "./create-evaluator.js";
import type { EventLog } from "./event-log.js";
import { computeFrontier, meanOf } from "./frontier.js";
import { proposeCandidates } from "./propose-candidates.js";
import type { RunSessionOptions } from "./run-session.js";
import { sampleInOrder } from "./sample-in-order.js";
import type { SpendTracker } from "./spend-tracker.js";
import { survivorsOf } from "./successive-halving.js";

/** A prompt the run accepted (the seed included), with its scores on every dev example of the run. */
export interface AcceptedCandidate {
  readonly hash: string;
  readonly prompt: string;
  readonly promptLength: number;
  readonly parentHash?: string | undefined;
  readonly round: number;
  readonly devScores: readonly number[];
}

/** State and parts one round works with; `accepted` and `seen` are updated in place. */
export interface RoundContext extends RunSessionOptions {
  readonly round: number;
  readonly parent: AcceptedCandidate;
  readonly train: readonly Example[];
  readonly dev: readonly Example[];
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
 * evaluate by successive halving and accept by paired bootstrap. Returns the number of accepted children.
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
    abortSignal: context.abortSignal,
  });
  const fresh = screen(context, proposal.candidates);
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

/** Successive halving on nested dev prefixes, then the paired test against the parent on the whole dev sample. */
async function halve(context: RoundContext, fresh: readonly FreshCandidate[]): Promise<number> {
  const { round, parent, dev, rungs, evaluator, log } = context;
  let survivors = [...fresh];
  let accepts = 0;
  for (const [rung, size] of rungs.entries()) {
    const examples = dev.slice(0, size);
    const outcomes = await Promise.allSettled(
      survivors.map((candidate) => evaluator.evaluate({ ...candidate, split: "dev", examples })),
    );
    const failure = outcomes.find((outcome) => outcome.status === "rejected");
    if (failure !== undefined) throw failure.reason;
    const scored = survivors.map((candidate, index) => {
      const outcome = outcomes[index];
      return { candidate, scores: outcome?.status === "fulfilled" ? outcome.value.scores : [] };
    });
    for (const { candidate, scores } of scored) {
      log.emit({
        type: "candidate-scored",
        round,
        candidateHash: candidate.hash,
        split: "dev",
        rung,
        exampleCount: size,
        meanScore: meanOf(scores),
      });
    }
    const isLast = rung === rungs.length - 1;
    const ranked = [...scored].sort((a, b) => meanOf(b.scores) - meanOf(a.scores));
    const keep = new Set(
      isLast ? [] : ranked.slice(0, survivorsOf(ranked.length)).map(({ candidate }) => candidate.hash),
    );
    for (const { candidate, scores } of scored) {
      if (keep.has(candidate.hash)) continue;
      context.history.push({ prompt: candidate.prompt, score: meanOf(scores) });
      const verdict = compare(context, candidate, scores, parent.devScores.slice(0, size));
      const isAccepted = isLast && verdict.passes;
      log.emit({
        type: isAccepted ? "candidate-accepted" : "candidate-declined",
        round,
        candidateHash: candidate.hash,
        parentHash: parent.hash,
        meanDifference: verdict.meanDifference,
        pValue: verdict.pValue,
      });
      if (!isAccepted) continue;
      accepts += 1;
      context.accepted.push({
        ...candidate,
        promptLength: candidate.prompt.length,
        parentHash: parent.hash,
        round,
        devScores: scores,
      });
    }
    survivors = survivors.filter((candidate) => keep.has(candidate.hash));
    if (survivors.length === 0) break;
  }
  return accepts;
}

function compare(
  context: RoundContext,
  candidate: FreshCandidate,
  childScores: readonly number[],
  parentScores: readonly number[],
): { meanDifference: number; pValue: number; passes: boolean } {
  const differences = childScores.map((score, index) => score - (parentScores[index] ?? 0));
  const { meanDifference, pValue } = pairedBootstrap({
    differences,
    random: context.random.fork(`accept:${candidate.hash}`),
    // 1,000 resamples put the p-value within about ±0.01 of its limit at the usual bars, at half the default's cost.
    resamples: 1000,
  });
  const { acceptPValue, minImprovement } = context.settings;
  return {
    meanDifference,
    pValue,
    passes: meanDifference > 0 && meanDifference >= minImprovement && pValue <= acceptPValue,
  };
}
