import type { LanguageModelV3Content, LanguageModelV3GenerateResult } from "@ai-sdk/provider";

/**
 * A generate result as stored in the call cache: plain JSON (the SQLite cache stores JSON text). Binary file data
 * becomes base64, the response timestamp an ISO string; request/response bodies and headers are dropped (large, and
 * headers are no part of the answer).
 */
export interface CachedResult {
  readonly version: 1;
  readonly content: unknown[];
  readonly finishReason: LanguageModelV3GenerateResult["finishReason"];
  readonly usage: LanguageModelV3GenerateResult["usage"];
  readonly providerMetadata?: LanguageModelV3GenerateResult["providerMetadata"];
  readonly warnings: LanguageModelV3GenerateResult["warnings"];
  readonly response?: { readonly id?: string; readonly modelId?: string; readonly timestamp?: string };
}

function toJsonContent(part: LanguageModelV3Content): LanguageModelV3Content {
  if (part.type === "file" && part.data instanceof Uint8Array) {
    return { ...part, data: Buffer.from(part.data).toString("base64") };
  }
  return part;
}

/**
 * Converts a generate result to its cached JSON form: JSON-safe (binary as base64, the timestamp as a string), for a
 * cache to serialise as it stores it (both of dlmpo's caches store JSON text, which also drops undefined fields).
 */
export function toCachedResult(result: LanguageModelV3GenerateResult): CachedResult {
  const response = result.response;
  return {
    version: 1,
    content: result.content.map(toJsonContent),
    finishReason: result.finishReason,
    usage: result.usage,
    providerMetadata: result.providerMetadata,
    warnings: result.warnings,
    response: {
      ...(response?.id === undefined ? {} : { id: response.id }),
      ...(response?.modelId === undefined ? {} : { modelId: response.modelId }),
      ...(response?.timestamp === undefined ? {} : { timestamp: response.timestamp.toISOString() }),
    },
  };
}

function isCachedResult(value: unknown): value is CachedResult {
  if (value === null || typeof value !== "object") return false;
  // Checking the stored shape field by field.
  const candidate = value as Partial<Record<keyof CachedResult, unknown>>;
  return (
    candidate.version === 1 &&
    Array.isArray(candidate.content) &&
    typeof candidate.finishReason === "object" &&
    typeof candidate.usage === "object" &&
    Array.isArray(candidate.warnings)
  );
}

/**
 * Rebuilds a generate result from a cache value, marking it `providerMetadata.dlmpo.cached = true`.
 * Returns undefined when the value is not a cached result of this version (treated as a cache miss).
 */
export function fromCachedResult(value: unknown): LanguageModelV3GenerateResult | undefined {
  if (!isCachedResult(value)) return undefined;
  const usage = value.usage;
  const timestamp = value.response?.timestamp;
  return {
    // Written by toCachedResult from LanguageModelV3Content; file data stays base64, which V3 allows.
    content: value.content as LanguageModelV3Content[],
    finishReason: { unified: value.finishReason.unified, raw: value.finishReason.raw },
    usage: {
      inputTokens: {
        total: usage.inputTokens?.total,
        noCache: usage.inputTokens?.noCache,
        cacheRead: usage.inputTokens?.cacheRead,
        cacheWrite: usage.inputTokens?.cacheWrite,
      },
      outputTokens: {
        total: usage.outputTokens?.total,
        text: usage.outputTokens?.text,
        reasoning: usage.outputTokens?.reasoning,
      },
      ...(usage.raw === undefined ? {} : { raw: usage.raw }),
    },
    providerMetadata: { ...value.providerMetadata, dlmpo: { cached: true } },
    warnings: value.warnings,
    response: {
      ...(value.response?.id === undefined ? {} : { id: value.response.id }),
      ...(value.response?.modelId === undefined ? {} : { modelId: value.response.modelId }),
      ...(timestamp === undefined ? {} : { timestamp: new Date(timestamp) }),
    },
  };
}
