import { stableHash } from "../internal/stable-hash.js";
import type { CallCache } from "../spec/call-cache.js";
import type { ProposedCandidate, ProposeResult, Proposer, ScoredPrompt } from "../spec/proposer.js";
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
  readonly abortSignal?: AbortSignal | undefined;
}

/**
 * Proposes a round's candidates: span sets drawn by strategy weight, `samplesPerSpanSet` candidates per proposer call,
 * until `candidatesPerRound` are asked for. Before each call the DLM request budget must hold the proposer's worst
 * case (`maxRequests`); the requests it did not make are given back after. Stops early (returning what it has and the
 * budget) when the DLM budget runs out.
 */
export async function proposeCandidates(
  options: ProposeCandidatesOptions,
): Promise<{ readonly candidates: readonly ProposedCandidate[]; readonly exhausted?: ExhaustedBudget }> {
  const { settings, proposer, random } = options;
  const candidates: ProposedCandidate[] = [];
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
      attributions: options.attributions,
    });
    const maxRequests = proposer.maxRequests?.({ count, spans: maskedSpans.length }) ?? 1;
    const exhausted = options.tracker.reserveDlmCall({ requests: maxRequests });
    if (exhausted !== undefined) return { candidates, exhausted };
    const request = {
      prompt: options.parentPrompt,
      maskedSpans,
      conditioning: options.conditioning,
      count,
      seed: random.fork(`seed:${set}`).int(2 ** 31),
      diffusion: settings.diffusion,
      history: [...options.history],
    };
    const key = stableHash({ kind: "dlmpo-proposal", proposerId: proposer.id, ...request });
    const cached = await options.cache?.get(key);
    let result: ProposeResult;
    if (isProposeResult(cached)) result = cached;
    else {
      result = await proposer.propose({ ...request, runtime: options.runtime, abortSignal: options.abortSignal });
      await options.cache?.set(
        key,
        { candidates: result.candidates, warnings: result.warnings, requests: result.requests },
        { modelId: proposer.id },
      );
    }
    // A replayed proposal counts the requests it made when it was new, so a resumed run decides as the first did.
    options.tracker.releaseDlmRequests(maxRequests - Math.min(maxRequests, result.requests ?? maxRequests));
    for (const warning of result.warnings) options.runtime.logger.log("warn", warning, { proposer: proposer.id });
    candidates.push(...result.candidates.slice(0, count));
  }
  return { candidates };
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
