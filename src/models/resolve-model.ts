import type { LanguageModelV3 } from "@ai-sdk/provider";
import { DlmpoError } from "../errors/dlmpo-error.js";
import type { CallCache } from "../spec/call-cache.js";
import type { Runtime } from "../spec/runtime.js";
import { type AdaptiveLimiter, type AdaptiveLimiterSettings, createAdaptiveLimiter } from "./adaptive-limiter.js";
import type { RetrySettings } from "./call-with-retries.js";
import { createChatCompletionsModel } from "./create-chat-completions-model.js";
import { createJsonPoster, type JsonPoster } from "./create-json-poster.js";
import { createLazyModel } from "./create-lazy-model.js";
import { createNodeHttpFetch } from "./create-node-http-fetch.js";
import { createNodeHttpTransport } from "./create-node-http-transport.js";
import { type KnownProvider, type ModelSpec, parseModelSpec } from "./parse-model-spec.js";
import type { ModelPrice } from "./price-table.js";
import { createUsageMeter, type ModelCallEvent, type UsageMeter } from "./usage-meter.js";
import { type AdmitInfo, type CacheMode, wrapModel } from "./wrap-model.js";

/** Options of {@link resolveModel}. */
export interface ResolveModelOptions {
  /** `openai:<model>`, `anthropic:<model>`, `openai-compatible:<baseURL>#<model>`, or a key of `customModels`. */
  readonly spec: string;
  readonly runtime: Runtime;
  /** API keys by provider; override `OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `OPENAI_COMPATIBLE_API_KEY` of `runtime.env`. */
  readonly apiKeys?: Readonly<Partial<Record<KnownProvider, string>>> | undefined;
  /** Base URLs replacing the public endpoints of `openai` (else `OPENAI_BASE_URL` of `runtime.env`) / `anthropic`. */
  readonly baseURLs?: Readonly<Partial<Record<"openai" | "anthropic", string>>> | undefined;
  /** Models by name (e.g. `builtin`), created on resolve; kept free of any import here. */
  readonly customModels?: Readonly<Record<string, () => LanguageModelV3>> | undefined;
  readonly cache?: CallCache | undefined;
  /** Default `use` when a cache is given. */
  readonly cacheMode?: CacheMode | undefined;
  /** Starting (and highest) concurrency of a new limiter; default 8. Ignored when `limiter` is given. */
  readonly concurrency?: number | undefined;
  /** A limiter shared with other models of the run. */
  readonly limiter?: AdaptiveLimiter | undefined;
  /** Floor, decrease factor, window and increase step of a new limiter (see `createAdaptiveLimiter`). */
  readonly limiterSettings?: Omit<AdaptiveLimiterSettings, "maxConcurrency"> | undefined;
  /** A meter shared with other models of the run; a new one otherwise. */
  readonly meter?: UsageMeter | undefined;
  /** Prices per model id or spec (USD per million tokens) over the default table; used for a new meter. */
  readonly prices?: Readonly<Record<string, ModelPrice>> | undefined;
  /** Hears every finished call of this model (also with a shared `meter`). */
  readonly onCall?: ((event: ModelCallEvent) => void) | undefined;
  /** Checked before each uncached call; false → DlmpoError `budget-exhausted`. */
  readonly admit?: ((info: AdmitInfo) => boolean) | undefined;
  /** Retries (default 6), backoff base/cap (1000/60000 ms). */
  readonly retry?: Partial<Omit<RetrySettings, "timeoutMs">> | undefined;
  /** Limit of one attempt in milliseconds; default 120000. */
  readonly timeoutMs?: number | undefined;
  /**
   * fetch for every request of this model (tests, proxies), the lean Chat Completions client's included; default
   * keep-alive `node:http` (the lean client's own transport, `createNodeHttpFetch` for AI SDK providers).
   */
  readonly fetch?: typeof fetch | undefined;
}

/** How the calls of a model are made: cache mode, retries, per-attempt timeout. One value serves every role of a run. */
export type ModelCallSettings = Pick<ResolveModelOptions, "cacheMode" | "retry" | "timeoutMs">;

/** A resolved model: the wrapped AI SDK model and the meter and limiter it reports to. */
export interface ResolvedModel {
  /** Use with `generateText({ model, … })` from `ai`. */
  readonly model: LanguageModelV3;
  /** The identity recorded with runs and used in cache keys, e.g. `openai:gpt-4o-mini`. */
  readonly modelId: string;
  readonly meter: UsageMeter;
  readonly limiter: AdaptiveLimiter;
}

const keyVariables: Readonly<Record<KnownProvider, string>> = {
  openai: "OPENAI_API_KEY",
  anthropic: "ANTHROPIC_API_KEY",
  "openai-compatible": "OPENAI_COMPATIBLE_API_KEY",
};

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function apiKeyFor(options: ResolveModelOptions, provider: KnownProvider): string | undefined {
  return nonEmpty(options.apiKeys?.[provider] ?? options.runtime.env[keyVariables[provider]]);
}

function requireKey(options: ResolveModelOptions, provider: "openai" | "anthropic"): string {
  const key = apiKeyFor(options, provider);
  if (key !== undefined) return key;
  throw new DlmpoError({
    code: "missing-api-key",
    message: `Missing API key for "${provider}". Set ${keyVariables[provider]} or pass apiKey.`,
  });
}

/**
 * OpenAI models the lean client serves: the GPT-3.5/4 families, which take every standard setting. Reasoning models
 * (o-series, GPT-5 and later) and search previews get settings rewritten by the AI SDK provider, so they stay on it.
 */
function isPlainOpenAIChatModel(modelId: string): boolean {
  return /^gpt-(3\.5|4)(?![0-9])/.test(modelId) && !modelId.includes("search");
}

/** A created provider model, the secrets its errors must never show, and the base URL it talks to (none in process). */
interface InnerModel {
  readonly model: LanguageModelV3;
  readonly secrets: string[];
  readonly baseURL?: string | undefined;
}

function createInner(options: ResolveModelOptions, spec: ModelSpec): InnerModel {
  if (spec.kind === "custom") {
    const create = options.customModels?.[spec.name];
    if (create === undefined)
      throw new DlmpoError({ code: "internal", message: `Custom model "${spec.name}" vanished.` });
    return { model: create(), secrets: [] };
  }
  // One set of keep-alive connections serves the lean client and the AI SDK provider behind it.
  const transport = options.fetch === undefined ? createNodeHttpTransport() : undefined;
  const fetchOption = { fetch: options.fetch ?? createNodeHttpFetch({ transport }) };
  const poster = (): JsonPoster => createJsonPoster({ fetch: options.fetch, transport });
  switch (spec.provider) {
    case "openai": {
      const apiKey = requireKey(options, "openai");
      // The AI SDK provider would read OPENAI_BASE_URL from process.env itself; both paths take it from the runtime.
      const baseURL = options.baseURLs?.openai ?? nonEmpty(options.runtime.env.OPENAI_BASE_URL);
      // Chat Completions (not the Responses API): served by every OpenAI-compatible stack and by the test server.
      // Provider packages load on first use: the lean client serves most calls without them.
      const fallback = createLazyModel({
        provider: "openai.chat",
        modelId: spec.modelId,
        load: async () =>
          (await import("@ai-sdk/openai"))
            .createOpenAI({ apiKey, ...(baseURL === undefined ? {} : { baseURL }), ...fetchOption })
            .chat(spec.modelId),
      });
      const endpoint = baseURL ?? "https://api.openai.com/v1";
      if (!isPlainOpenAIChatModel(spec.modelId)) return { model: fallback, secrets: [apiKey], baseURL: endpoint };
      const model = createChatCompletionsModel({
        dialect: "openai",
        modelId: spec.modelId,
        baseURL: endpoint,
        apiKey,
        poster: poster(),
        generateId: () => options.runtime.ids.next("call"),
        fallback,
      });
      return { model, secrets: [apiKey], baseURL: endpoint };
    }
    case "anthropic": {
      const apiKey = requireKey(options, "anthropic");
      const baseURL = options.baseURLs?.anthropic;
      const model = createLazyModel({
        provider: "anthropic.messages",
        modelId: spec.modelId,
        load: async () =>
          (await import("@ai-sdk/anthropic")).createAnthropic({
            apiKey,
            ...(baseURL === undefined ? {} : { baseURL }),
            ...fetchOption,
          })(spec.modelId),
      });
      return { model, secrets: [apiKey], baseURL: baseURL ?? "https://api.anthropic.com/v1" };
    }
    case "openai-compatible": {
      const apiKey = apiKeyFor(options, "openai-compatible");
      const model = createChatCompletionsModel({
        dialect: "openai-compatible",
        modelId: spec.modelId,
        baseURL: spec.baseURL,
        apiKey,
        poster: poster(),
        generateId: () => options.runtime.ids.next("call"),
        fallback: createLazyModel({
          provider: "openai-compatible.chat",
          modelId: spec.modelId,
          load: async () =>
            (await import("@ai-sdk/openai-compatible"))
              .createOpenAICompatible({
                name: "openai-compatible",
                baseURL: spec.baseURL,
                includeUsage: true,
                ...(apiKey === undefined ? {} : { apiKey }),
                ...fetchOption,
              })
              .chatModel(spec.modelId),
        }),
      });
      return { model, secrets: apiKey === undefined ? [] : [apiKey], baseURL: spec.baseURL };
    }
  }
}

/**
 * The identity of a model in meters and runs (`provider:model`); cache keys add the base URL the model is served from.
 */
function identityOf(spec: ModelSpec): string {
  return spec.kind === "custom" ? spec.name : `${spec.provider}:${spec.modelId}`;
}

/**
 * Resolves a model spec to a wrapped AI SDK `LanguageModelV3` with cache, AIMD limiter, retries, timeout and usage
 * meter (see `wrapModel`). Checks the API key at once, before any work. `openai:` uses the Chat Completions API.
 * `openai-compatible:` models and `openai:` GPT-3.5/4 models are served by dlmpo's lean Chat Completions client
 * (`createChatCompletionsModel`), which hands calls it does not express (files, provider-defined tools, `openai`
 * provider options) to the AI SDK provider; other `openai:` models and `anthropic:` use the AI SDK providers.
 * Cache keys hold the provider, the model and the normalised base URL (`normalizeBaseUrl`: credentials dropped), so the
 * same model name behind another server or port never gets this one's answers. A custom model's cache identity
 * adds its own `modelId` to its name (`builtin:dlmpo-builtin-96x3-<hash>`), so a retrained model never gets stale answers.
 * @throws DlmpoError `unknown-provider`, `invalid-input` (malformed spec), `missing-api-key`.
 */
export function resolveModel(options: ResolveModelOptions): ResolvedModel {
  const spec = parseModelSpec({ spec: options.spec, customNames: Object.keys(options.customModels ?? {}) });
  const { model, secrets, baseURL } = createInner(options, spec);
  const modelId = identityOf(spec);
  // A custom model is named by its key (`builtin`), but its cached answers must not outlive a new version of it.
  const cacheIdentity =
    spec.kind === "custom" && model.modelId !== spec.name ? `${spec.name}:${model.modelId}` : modelId;
  return wrapResolvedModel({ options, inner: { model, modelId, cacheIdentity, baseURL, secrets } });
}

/**
 * Wraps a created provider model with the shared parts of `options` (meter, limiter, cache, retries, timeout, admit
 * gate; new ones where none are given), as `resolveModel` does for every spec. For models the spec syntax does not
 * name (a fill-in-the-middle endpoint).
 */
export function wrapResolvedModel(parts: {
  readonly options: Omit<ResolveModelOptions, "spec">;
  readonly inner: {
    readonly model: LanguageModelV3;
    /** Identity in meters, runs and prices. */
    readonly modelId: string;
    /** Identity in cache keys; default `modelId`. */
    readonly cacheIdentity?: string | undefined;
    /** The server in cache keys; none for in-process models. */
    readonly baseURL?: string | undefined;
    /** Values (API keys) that must never appear in error messages. */
    readonly secrets: readonly string[];
  };
}): ResolvedModel {
  const { options, inner } = parts;
  const meter = options.meter ?? createUsageMeter({ runtime: options.runtime, prices: options.prices });
  const limiter =
    options.limiter ??
    createAdaptiveLimiter({
      ...options.limiterSettings,
      maxConcurrency: options.concurrency ?? 8,
      clock: options.runtime.clock,
    });
  const wrapped = wrapModel({
    model: inner.model,
    modelId: inner.modelId,
    cacheIdentity: inner.cacheIdentity,
    baseURL: inner.baseURL,
    runtime: options.runtime,
    meter,
    limiter,
    cache: options.cache,
    cacheMode: options.cacheMode,
    retry: { ...options.retry, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) },
    admit: options.admit,
    onCall: options.onCall,
    secrets: inner.secrets,
  });
  return { model: wrapped, modelId: inner.modelId, meter, limiter };
}
