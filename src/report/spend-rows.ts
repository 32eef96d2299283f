import type { Spend } from "../spec/events.js";

/** One row of the spend-per-model table; token and cost figures are absent when only totals are known. */
export interface SpendRow {
  readonly modelId: string;
  readonly role: string;
  readonly calls: number;
  readonly inputTokens?: number | undefined;
  readonly outputTokens?: number | undefined;
  readonly costUsd?: number | undefined;
}

/** The first of `keys` in the run config that names a model (a string, or a section with a `model`/`spec`/`id`). */
function modelName(config: unknown, keys: readonly string[]): string | undefined {
  if (config === null || typeof config !== "object") return undefined;
  for (const key of keys) {
    const name = modelNameAt(config, key);
    if (name !== undefined) return name;
  }
  return undefined;
}

function modelNameAt(config: object, key: string): string | undefined {
  // Run configs are JSON objects; only string-valued lookups are made below.
  const value = (config as Readonly<Record<string, unknown>>)[key];
  if (typeof value === "string") return value;
  if (value !== null && typeof value === "object") {
    // A nested model section such as `{ model: "openai:gpt-4o-mini" }`.
    const section = value as Readonly<Record<string, unknown>>;
    for (const name of ["model", "spec", "id"]) {
      const inner = section[name];
      if (typeof inner === "string") return inner;
    }
  }
  return undefined;
}

/**
 * Spend per model: `spend.byModel` when the run recorded it, else one row for the target and one for the DLM with the
 * call counts (model names from the run config's `target`/`targetModelId` and `dlm`/`proposerId` when present).
 */
export function toSpendRows(options: { readonly spend: Spend | undefined; readonly config: unknown }): SpendRow[] {
  const { spend, config } = options;
  if (spend === undefined) return [];
  if (spend.byModel !== undefined && spend.byModel.length > 0) {
    return spend.byModel.map((model) => ({
      modelId: model.modelId,
      role: model.role ?? "",
      calls: model.calls,
      inputTokens: model.inputTokens,
      outputTokens: model.outputTokens,
      costUsd: model.costUsd,
    }));
  }
  return [
    {
      modelId: modelName(config, ["target", "targetModelId"]) ?? "target model",
      role: "target",
      calls: spend.targetCalls,
    },
    { modelId: modelName(config, ["dlm", "proposerId"]) ?? "proposer", role: "dlm", calls: spend.dlmCalls },
  ];
}
