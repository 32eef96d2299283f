import type { ModelCallSettings } from "../../models/resolve-model.js";

type CacheMode = "use" | "refresh" | "off";

/** The roles `cacheRoles` sets a cache mode for. */
export type CacheRole = "target" | "dlm" | "user" | "judge";

/**
 * The models layer's call settings for the models of `role` (default `target`) from a command's options: the cache
 * mode (`cacheRoles[role]`, else `cache`), `timeout` in seconds (one attempt) and `retries` (after the first attempt).
 * Absent options keep the models layer's defaults.
 */
export function toModelCallSettings(
  options: {
    readonly cache?: CacheMode | undefined;
    readonly cacheRoles?: { readonly [role in CacheRole]?: CacheMode | undefined } | undefined;
    readonly timeout?: number | undefined;
    readonly retries?: number | undefined;
  },
  role: CacheRole = "target",
): ModelCallSettings {
  return {
    cacheMode: options.cacheRoles?.[role] ?? options.cache,
    ...(options.timeout === undefined ? {} : { timeoutMs: Math.round(options.timeout * 1000) }),
    ...(options.retries === undefined ? {} : { retry: { maxRetries: options.retries } }),
  };
}
