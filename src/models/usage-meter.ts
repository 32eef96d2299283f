import type { Runtime } from "../spec/runtime.js";
import { costUsd, findModelPrice, type ModelPrice } from "./price-table.js";

/** Usage of one model (or the total over models). */
export interface ModelUsage {
  /** Calls answered by the provider. */
  readonly calls: number;
  /** Calls answered from the call cache (no HTTP, no spend). */
  readonly cachedCalls: number;
  /** Retried attempts (each retry of a call counts once). */
  readonly retries: number;
  /** Calls that failed after all retries. */
  readonly failures: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** USD; 0 when the price is unknown (see `isPriced`). */
  readonly costUsd: number;
  /** False when some tokens of this model had no known price (cost then covers only priced tokens). */
  readonly isPriced: boolean;
}

/** One finished model call, as reported to `onCall`. */
export interface ModelCallEvent {
  /** The model's identity, e.g. `openai:gpt-4o-mini`. */
  readonly modelId: string;
  readonly outcome: "completed" | "cached" | "failed";
  /** Retries spent on this call. */
  readonly retries: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** USD of this call; 0 when cached, failed, or unpriced. */
  readonly costUsd: number;
  /** Wall time of the call including retries, in milliseconds (runtime clock). */
  readonly durationMs: number;
}

/** Counts calls, tokens and cost per model. Share one meter across the models of a run to get one total. */
export interface UsageMeter {
  /** Records a finished call (called by the model wrapper). */
  record(event: ModelCallEvent): void;
  /** Adds one retry of a call still in progress, so budgets see it at once. */
  recordRetry(options: { readonly modelId: string }): void;
  /** Usage per model id and in total, at this moment. */
  snapshot(): { readonly perModel: Readonly<Record<string, ModelUsage>>; readonly total: ModelUsage };
  /** The price used for a model id, undefined when unknown. */
  priceOf(modelId: string): ModelPrice | undefined;
}

const emptyUsage: ModelUsage = {
  calls: 0,
  cachedCalls: 0,
  retries: 0,
  failures: 0,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  isPriced: true,
};

/**
 * Creates a usage meter. Prices come from `prices` (per model id or spec) over the default price table; a model with
 * no known price is metered in tokens only and `runtime.logger` warns once for it. `onCall` hears every finished call
 * (e.g. to enforce a budget).
 */
export function createUsageMeter(options: {
  readonly runtime: Runtime;
  readonly prices?: Readonly<Record<string, ModelPrice>> | undefined;
  readonly onCall?: ((event: ModelCallEvent) => void) | undefined;
}): UsageMeter {
  const perModel = new Map<string, ModelUsage>();
  const warned = new Set<string>();
  const prices = new Map<string, ModelPrice | undefined>();
  const priceOf = (modelId: string): ModelPrice | undefined => {
    if (!prices.has(modelId)) prices.set(modelId, findModelPrice({ modelId, overrides: options.prices }));
    return prices.get(modelId);
  };
  const update = (modelId: string, change: (usage: ModelUsage) => ModelUsage): void => {
    perModel.set(modelId, change(perModel.get(modelId) ?? emptyUsage));
  };
  return {
    priceOf,
    record(event) {
      const price = priceOf(event.modelId);
      const hasTokens = event.inputTokens + event.outputTokens > 0;
      if (price === undefined && event.outcome === "completed" && hasTokens && !warned.has(event.modelId)) {
        warned.add(event.modelId);
        options.runtime.logger.log("warn", `No price known for model "${event.modelId}"; counting tokens only.`, {
          modelId: event.modelId,
        });
      }
      update(event.modelId, (usage) => ({
        ...usage,
        calls: usage.calls + (event.outcome === "completed" ? 1 : 0),
        cachedCalls: usage.cachedCalls + (event.outcome === "cached" ? 1 : 0),
        failures: usage.failures + (event.outcome === "failed" ? 1 : 0),
        inputTokens: usage.inputTokens + (event.outcome === "cached" ? 0 : event.inputTokens),
        outputTokens: usage.outputTokens + (event.outcome === "cached" ? 0 : event.outputTokens),
        costUsd: usage.costUsd + event.costUsd,
        isPriced: usage.isPriced && (price !== undefined || event.outcome !== "completed" || !hasTokens),
      }));
      options.onCall?.(event);
    },
    recordRetry({ modelId }) {
      update(modelId, (usage) => ({ ...usage, retries: usage.retries + 1 }));
    },
    snapshot() {
      const models = Object.fromEntries(perModel);
      const total = [...perModel.values()].reduce<ModelUsage>(
        (sum, usage) => ({
          calls: sum.calls + usage.calls,
          cachedCalls: sum.cachedCalls + usage.cachedCalls,
          retries: sum.retries + usage.retries,
          failures: sum.failures + usage.failures,
          inputTokens: sum.inputTokens + usage.inputTokens,
          outputTokens: sum.outputTokens + usage.outputTokens,
          costUsd: sum.costUsd + usage.costUsd,
          isPriced: sum.isPriced && usage.isPriced,
        }),
        emptyUsage,
      );
      return { perModel: models, total };
    },
  };
}

/** Cost of a call in USD at the meter's price for `modelId`; 0 when unpriced. */
export function callCostUsd(options: {
  readonly meter: UsageMeter;
  readonly modelId: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
}): number {
  const price = options.meter.priceOf(options.modelId);
  return price === undefined
    ? 0
    : costUsd({ price, inputTokens: options.inputTokens, outputTokens: options.outputTokens });
}
