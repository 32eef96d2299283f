import { stableHash } from "../internal/stable-hash.js";
import type { CallCache } from "../spec/call-cache.js";
import type { DroppedCandidate, ProposedCandidate, ProposeResult, Proposer, ScoredPrompt } from "../spec/proposer.js";
import type { Random, Runtime } from "../spec/runtime.js";
import type { OptimizerSettings } from "./optimizer-settings.js";
import { type SentenceAttribution, type SpanStrategy, selectSpans, spanStrategies } from "./select-spans.js";
import type { ExhaustedBudget, SpendTracker } from "./spend-tracker.js";

/** Options of {@link proposeCandidates}. */
export interface ProposeCandidatesOptions {
  readonly parentPrompt: string;
  readonly conditioning: string;
  readonly attributions: readonly SentenceAttribution[];
  /** Prompts scored on dev so far, for history-based proposers (OPRO). */
  readonly history: readonly ScoredPrompt[];
  readonly settings: OptimizerSettings;
  readonly proposer: Proposer;
  readonly runtime: Runtime;
  /** The round's generator; every draw here comes from a labelled fork of it. */
  readonly random: Random;
  readonly tracker: SpendTracker;
  /** Memo of proposer results, so a resumed run does not call the proposer again. */
  readonly cache?: CallCache | undefined;
  /** Part of every memo key when given (a run id: only that run's resume reads its proposals). */
  readonly memoScope?: string | undefined;
  readonly abortSignal?: AbortSignal | undefined;
}

/** One proposer call of a round, fixed before any call starts. */
interface ProposalRequest {
  readonly count: number;
  /** DLM requests reserved for it: the proposer's worst case (`maxRequests`). */
  readonly maxRequests: number;
  readonly maskedSpans: ReturnType<typeof selectSpans>;
  readonly seed: number;
}

/**
 * Proposes a round's candidates: span sets drawn by strategy weight, `samplesPerSpanSet` candidates per proposer call,
 * until `candidatesPerRound` are asked for. Every call is planned (spans, seed, DLM budget: the proposer's worst-case
 * requests, `maxRequests`, reserved whole and the unmade ones given back once it settled) in set order first, then
 * all run at once, so a chat DLM keeps K calls in flight under its model's own limiter; results are kept in set order,
 * so a seed gives the same candidates (and a resumed run the same events) whatever order the calls finish in. Stops
 * early (returning what it has and the budget) when the DLM budget runs out.
 *
 * @throws the first failure in set order, once every call has settled (the others' results are cached).
 */
export async function proposeCandidates(options: ProposeCandidatesOptions): Promise<{
  readonly candidates: readonly ProposedCandidate[];
  /** Samples the proposer dropped (the fluency gate), in set order, with what each cost. */
  readonly dropped: readonly DroppedCandidate[];
  readonly exhausted?: ExhaustedBudget;
}> {
  const { settings, random } = options;
  const requests: ProposalRequest[] = [];
  let exhausted: ExhaustedBudget | undefined;
  let asked = 0;
  for (let set = 0; asked < settings.candidatesPerRound; set += 1) {
    const count = Math.min(settings.samplesPerSpanSet, settings.candidatesPerRound - asked);
    asked += count;
    const strategy = pickStrategy(settings.spanStrategies, random.fork(`strategy:${set}`));
    const maskedSpans = selectSpans({
      prompt: options.parentPrompt,
      strategy,
      random: random.fork(`spans:${set}`),
      maskRatio: settings.maskRatio,
      slotRange: settings.slotRange,
      attributions: options.attributions,
    });
    const maxRequests = options.proposer.maxRequests?.({ count, spans: maskedSpans.length }) ?? 1;
    exhausted = options.tracker.reserveDlmCall({ requests: maxRequests });
    if (exhausted !== undefined) break;
    requests.push({ count, maxRequests, maskedSpans, seed: random.fork(`seed:${set}`).int(2 ** 31) });
  }
  const outcomes = await Promise.allSettled(requests.map((request) => proposeOnce(options, request)));
  const candidates: ProposedCandidate[] = [];
  const dropped: DroppedCandidate[] = [];
  for (const [index, outcome] of outcomes.entries()) {
    // A replayed proposal counts the requests it made when it was new, so a resumed run decides as the first did.
    const reserved = requests[index]?.maxRequests ?? 1;
    if (outcome.status === "fulfilled")
      options.tracker.releaseDlmRequests(reserved - Math.min(reserved, outcome.value.requests ?? reserved));
  }
  for (const [index, outcome] of outcomes.entries()) {
    if (outcome.status === "rejected") throw outcome.reason;
    for (const warning of outcome.value.warnings)
      options.runtime.logger.log("warn", warning, { proposer: options.proposer.id });
    for (const { reason } of outcome.value.dropped ?? [])
      options.runtime.logger.log("debug", "Proposer dropped a candidate before scoring.", {
        proposer: options.proposer.id,
        reason,
      });
    const kept = outcome.value.candidates.slice(0, requests[index]?.count ?? 0);
    candidates.push(...kept);
    dropped.push(...(outcome.value.dropped ?? []));
    options.tracker.recordProposal({ candidates: kept, dropped: outcome.value.dropped ?? [] });
  }
  return exhausted === undefined ? { candidates, dropped } : { candidates, dropped, exhausted };
}

/** One proposer call, answered from the proposal memo when a run already made it. */
async function proposeOnce(options: ProposeCandidatesOptions, planned: ProposalRequest): Promise<ProposeResult> {
  const { proposer } = options;
  const request = {
    prompt: options.parentPrompt,
    maskedSpans: planned.maskedSpans,
    conditioning: options.conditioning,
    count: planned.count,
    seed: planned.seed,
    diffusion: options.settings.diffusion,
    history: [...options.history],
  };
  const key = stableHash({ kind: "dlmpo-proposal", proposerId: proposer.id, memoScope: options.memoScope, ...request });
  const cached = await options.cache?.get(key);
  if (isProposeResult(cached)) return cached;
  const result = await proposer.propose({ ...request, runtime: options.runtime, abortSignal: options.abortSignal });
  const { candidates, warnings, requests, dropped } = result;
  await options.cache?.set(key, { candidates, warnings, requests, dropped }, { modelId: proposer.id });
  return result;
}

/** Draws a strategy with probability proportional to its weight. */
export function pickStrategy(weights: Readonly<Partial<Record<SpanStrategy, number>>>, random: Random): SpanStrategy {
  const entries: [SpanStrategy, number][] = spanStrategies.map((strategy) => [strategy, weights[strategy] ?? 0]);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let draw = random.next() * total;
  for (const [strategy, weight] of entries) {
    if (weight <= 0) continue;
    draw -= weight;
    if (draw < 0) return strategy;
  }
  return entries.filter(([, weight]) => weight > 0).at(-1)?.[0] ?? "sentence";
}

function isProposeResult(value: unknown): value is ProposeResult {
  return (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as { candidates?: unknown }).candidates) && // narrowing an unknown cache entry field by field
    Array.isArray((value as { warnings?: unknown }).warnings) // same
  );
}
