/** Price of a model in USD per million tokens. */
export interface ModelPrice {
  readonly inputPerMillionUsd: number;
  readonly outputPerMillionUsd: number;
}

/**
 * List prices of common models, USD per million tokens. A snapshot (mid-2025, standard tier, no batch or cached-input
 * discounts): prices change, so override them per model (`prices` option / config) when it matters.
 */
export const defaultPriceTable: Readonly<Record<string, ModelPrice>> = {
  "gpt-4o-mini": { inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 },
  "gpt-4o": { inputPerMillionUsd: 2.5, outputPerMillionUsd: 10 },
  "gpt-4.1": { inputPerMillionUsd: 2, outputPerMillionUsd: 8 },
  "gpt-4.1-mini": { inputPerMillionUsd: 0.4, outputPerMillionUsd: 1.6 },
  "gpt-4.1-nano": { inputPerMillionUsd: 0.1, outputPerMillionUsd: 0.4 },
  "gpt-3.5-turbo": { inputPerMillionUsd: 0.5, outputPerMillionUsd: 1.5 },
  o3: { inputPerMillionUsd: 2, outputPerMillionUsd: 8 },
  "o3-mini": { inputPerMillionUsd: 1.1, outputPerMillionUsd: 4.4 },
  "o4-mini": { inputPerMillionUsd: 1.1, outputPerMillionUsd: 4.4 },
  "claude-3-5-haiku": { inputPerMillionUsd: 0.8, outputPerMillionUsd: 4 },
  "claude-3-5-sonnet": { inputPerMillionUsd: 3, outputPerMillionUsd: 15 },
  "claude-3-7-sonnet": { inputPerMillionUsd: 3, outputPerMillionUsd: 15 },
  "claude-sonnet-4": { inputPerMillionUsd: 3, outputPerMillionUsd: 15 },
  "claude-opus-4": { inputPerMillionUsd: 15, outputPerMillionUsd: 75 },
  "claude-3-haiku": { inputPerMillionUsd: 0.25, outputPerMillionUsd: 1.25 },
  // The built-in model runs in process: its tokens cost nothing.
  builtin: { inputPerMillionUsd: 0, outputPerMillionUsd: 0 },
};

/**
 * The price of `modelId` (a bare model id like `gpt-4o-mini-2024-07-18` or a spec like `openai:gpt-4o-mini`):
 * an exact entry of `overrides`, then of `table`, then the longest entry that is a prefix followed by `-` (dated and
 * `-latest` versions). Overrides may be keyed by bare id or by full spec. Undefined when no entry matches.
 */
export function findModelPrice(options: {
  readonly modelId: string;
  readonly overrides?: Readonly<Record<string, ModelPrice>> | undefined;
  readonly table?: Readonly<Record<string, ModelPrice>> | undefined;
}): ModelPrice | undefined {
  const full = options.modelId;
  const hash = full.lastIndexOf("#");
  const id = hash >= 0 ? full.slice(hash + 1) : full.slice(full.indexOf(":") + 1);
  const overrides = options.overrides ?? {};
  const exact = overrides[full] ?? overrides[id];
  if (exact !== undefined) return exact;
  for (const table of [overrides, options.table ?? defaultPriceTable]) {
    if (table[id] !== undefined) return table[id];
    const prefix = Object.keys(table)
      .filter((name) => id.startsWith(`${name}-`))
      .sort((a, b) => b.length - a.length)[0];
    if (prefix !== undefined) return table[prefix];
  }
  return undefined;
}

/** Cost in USD of `inputTokens` and `outputTokens` at `price`. */
export function costUsd(options: {
  readonly price: ModelPrice;
  readonly inputTokens: number;
  readonly outputTokens: number;
}): number {
  return (
    (options.inputTokens * options.price.inputPerMillionUsd +
      options.outputTokens * options.price.outputPerMillionUsd) /
    1e6
  );
}
