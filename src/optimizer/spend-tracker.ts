import type { Spend } from "../spec/events.js";
import type { DroppedCandidate, ProposedCandidate } from "../spec/proposer.js";
import type { Clock } from "../spec/runtime.js";
import type { Budgets } from "./optimizer-settings.js";

/** Usage of one model as a meter reports it. */
export interface MeteredUsage {
  readonly calls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

/** Usage measured by model wrappers (the models layer's `UsageMeter` fits): totals since it was created. */
export interface SpendMeter {
  snapshot(): { readonly total: MeteredUsage; readonly perModel?: Readonly<Record<string, MeteredUsage>> | undefined };
  /**
   * The role of every model on this meter (e.g. `dlm`), so one model serving two roles (target and DLM) gets a row per
   * role; without it, roles come from `targetModelId` and `modelRoles`.
   */
  readonly role?: string | undefined;
}

/** Which budget ran out, or undefined. */
export type ExhaustedBudget = "targetCalls" | "dlmCalls" | "tokens" | "costUsd" | "wallMs";

/** Counts what a run spends and answers whether another call fits the budgets. */
export interface SpendTracker {
  /** Takes one target call from the budget; `reserved` calls (the final test) draw from the part kept for them. */
  reserveTargetCall(options: { readonly forTest: boolean }): ExhaustedBudget | undefined;
  /**
   * Takes `requests` DLM requests (default 1: a proposer call's worst case) from the budget, all or none: exhausted when
   * they do not all fit.
   */
  reserveDlmCall(options?: { readonly requests?: number | undefined }): ExhaustedBudget | undefined;
  /** Gives back reserved DLM requests a proposer call did not make (worst case reserved − requests made). */
  releaseDlmRequests(requests: number): void;
  /**
   * Counts the work of one settled proposer call (counted logically, like DLM requests, so a resumed run counts the
   * same): the forward passes of its candidates and of the ones it dropped, and how many it dropped.
   */
  recordProposal(options: {
    readonly candidates: readonly ProposedCandidate[];
    readonly dropped: readonly DroppedCandidate[];
  }): void;
  /** The budget that is exhausted now (measured ones included), or undefined. */
  exhausted(): ExhaustedBudget | undefined;
  snapshot(): Spend;
}

/** Options of {@link createSpendTracker}. */
export interface SpendTrackerOptions {
  readonly budgets: Budgets;
  readonly clock: Clock;
  readonly meters: readonly SpendMeter[];
  /** Target calls kept back for the test evaluation at the end. */
  readonly testReserve: number;
  /** Spend of earlier sessions of a resumed run, for the measured resources (tokens, cost, wall time). */
  readonly baseline?: Spend | undefined;
  /** `provider:model` of the target, so `byModel` can mark its role (`target`; other models are `proposer`). */
  readonly targetModelId?: string | undefined;
  /** Roles of other models by `provider:model` (e.g. `user`); models not named here are `proposer`. */
  readonly modelRoles?: Readonly<Record<string, string>> | undefined;
}

/**
 * Creates the spend tracker of one session of a run. Calls are counted logically (one per rollout or proposer call the
 * run makes, whether served by a cache or not), so a resumed run takes the same budget decisions as an uninterrupted
 * one. Tokens and cost come from the meters (new usage only); the test evaluation's share of them, and of the wall
 * clock, is kept back using the mean tokens, cost and wall time per target call so far, so the final test fits in the
 * budgets (it is never cut short; an estimate off by more than the run's own pace can still overrun them).
 */
export function createSpendTracker(options: SpendTrackerOptions): SpendTracker {
  const { budgets, clock, meters } = options;
  const startedAtMs = clock.now();
  const startUsage = measured(meters);
  const startModels = perModelOf(meters);
  const baseline = options.baseline;
  let targetCalls = 0;
  let testCalls = 0;
  let dlmCalls = 0;
  let proposals = 0;
  let droppedCandidates = 0;
  let dlmForwardPasses: number | undefined;
  const snapshot = (): Spend => {
    const usage = measured(meters);
    return {
      targetCalls: targetCalls + testCalls,
      dlmCalls,
      ...(dlmForwardPasses === undefined ? {} : { dlmForwardPasses }),
      ...(proposals === 0 ? {} : { droppedCandidates }),
      inputTokens: (baseline?.inputTokens ?? 0) + usage.inputTokens - startUsage.inputTokens,
      outputTokens: (baseline?.outputTokens ?? 0) + usage.outputTokens - startUsage.outputTokens,
      costUsd: (baseline?.costUsd ?? 0) + usage.costUsd - startUsage.costUsd,
      wallMs: (baseline?.wallMs ?? 0) + clock.now() - startedAtMs,
      byModel: byModel({
        meters,
        start: startModels,
        baseline: baseline?.byModel,
        targetModelId: options.targetModelId,
        modelRoles: options.modelRoles,
      }),
    };
  };
  const measuredExhausted = (forTest: boolean): ExhaustedBudget | undefined => {
    const spend = snapshot();
    const meanTokens = spend.targetCalls === 0 ? 0 : (spend.inputTokens + spend.outputTokens) / spend.targetCalls;
    const meanCost = spend.targetCalls === 0 ? 0 : spend.costUsd / spend.targetCalls;
    // Wall time per target call at the run's own pace so far (proposals included, so it errs on the long side).
    const meanWallMs = spend.targetCalls === 0 ? 0 : spend.wallMs / spend.targetCalls;
    const keep = forTest ? 0 : Math.max(0, options.testReserve - testCalls);
    if (budgets.tokens !== undefined && spend.inputTokens + spend.outputTokens + meanTokens * keep >= budgets.tokens)
      return "tokens";
    if (budgets.costUsd !== undefined && spend.costUsd + meanCost * keep >= budgets.costUsd) return "costUsd";
    if (!forTest && budgets.wallMs !== undefined && spend.wallMs + meanWallMs * keep >= budgets.wallMs) return "wallMs";
    return undefined;
  };
  return {
    reserveTargetCall({ forTest }) {
      if (forTest) {
        testCalls += 1;
        return undefined;
      }
      const limit = budgets.targetCalls === undefined ? Infinity : budgets.targetCalls - options.testReserve;
      if (targetCalls >= limit) return "targetCalls";
      const exhausted = measuredExhausted(false);
      if (exhausted !== undefined) return exhausted;
      targetCalls += 1;
      return undefined;
    },
    reserveDlmCall(reserve) {
      const requests = Math.max(1, reserve?.requests ?? 1);
      if (budgets.dlmCalls !== undefined && dlmCalls + requests > budgets.dlmCalls) return "dlmCalls";
      const exhausted = measuredExhausted(false);
      if (exhausted !== undefined) return exhausted;
      dlmCalls += requests;
      return undefined;
    },
    releaseDlmRequests(requests) {
      dlmCalls = Math.max(0, dlmCalls - Math.max(0, requests));
    },
    recordProposal(proposal) {
      proposals += 1;
      droppedCandidates += proposal.dropped.length;
      for (const { cost } of [...proposal.candidates, ...proposal.dropped])
        if (cost.forwardPasses !== undefined) dlmForwardPasses = (dlmForwardPasses ?? 0) + cost.forwardPasses;
    },
    exhausted() {
      if (budgets.targetCalls !== undefined && targetCalls >= budgets.targetCalls - options.testReserve)
        return "targetCalls";
      if (budgets.dlmCalls !== undefined && dlmCalls >= budgets.dlmCalls) return "dlmCalls";
      return measuredExhausted(false);
    },
    snapshot,
  };
}

function measured(meters: readonly SpendMeter[]): { inputTokens: number; outputTokens: number; costUsd: number } {
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd = 0;
  for (const meter of meters) {
    const usage = meter.snapshot().total;
    inputTokens += usage.inputTokens;
    outputTokens += usage.outputTokens;
    costUsd += usage.costUsd;
  }
  return { inputTokens, outputTokens, costUsd };
}

/** Usage per model and meter role (key: role, NUL, model id; an empty role when the meter has none). */
function perModelOf(meters: readonly SpendMeter[]): Map<string, MeteredUsage> {
  const models = new Map<string, MeteredUsage>();
  for (const meter of meters) {
    for (const [modelId, usage] of Object.entries(meter.snapshot().perModel ?? {})) {
      const key = `${meter.role ?? ""}\u0000${modelId}`;
      const known = models.get(key);
      models.set(key, known === undefined ? usage : addUsage(known, usage, 1));
    }
  }
  return models;
}

function addUsage(a: MeteredUsage, b: MeteredUsage, sign: 1 | -1): MeteredUsage {
  return {
    calls: a.calls + sign * b.calls,
    inputTokens: a.inputTokens + sign * b.inputTokens,
    outputTokens: a.outputTokens + sign * b.outputTokens,
    costUsd: a.costUsd + sign * b.costUsd,
  };
}

/** Usage per model of this session (meter now − at start) plus that of earlier sessions. */
function byModel(parts: {
  readonly meters: readonly SpendMeter[];
  readonly start: ReadonlyMap<string, MeteredUsage>;
  readonly baseline: Spend["byModel"];
  readonly targetModelId: string | undefined;
  readonly modelRoles: Readonly<Record<string, string>> | undefined;
}): NonNullable<Spend["byModel"]> {
  const roleOf = (meterRole: string, modelId: string): string =>
    meterRole !== ""
      ? meterRole
      : modelId === parts.targetModelId
        ? "target"
        : (parts.modelRoles?.[modelId] ?? "proposer");
  const totals = new Map<string, MeteredUsage & { readonly modelId: string; readonly role: string }>();
  for (const earlier of parts.baseline ?? []) {
    const role = earlier.role ?? roleOf("", earlier.modelId);
    totals.set(`${role}\u0000${earlier.modelId}`, { ...earlier, role });
  }
  for (const [key, usage] of perModelOf(parts.meters)) {
    const [meterRole = "", modelId = ""] = key.split("\u0000");
    const role = roleOf(meterRole, modelId);
    const start = parts.start.get(key);
    const session = start === undefined ? usage : addUsage(usage, start, -1);
    const known = totals.get(`${role}\u0000${modelId}`);
    const sum = known === undefined ? session : addUsage(known, session, 1);
    totals.set(`${role}\u0000${modelId}`, { ...sum, modelId, role });
  }
  return [...totals.values()].map(({ modelId, role, ...usage }) => ({
    modelId,
    role,
    calls: usage.calls,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    costUsd: usage.costUsd,
  }));
}
