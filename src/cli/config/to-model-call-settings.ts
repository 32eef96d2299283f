import type { ModelCallSettings } from "../../models/resolve-model.js";

/**
 * The models layer's call settings from a command's options: `cache` (use/refresh/off), `timeout` in seconds (one
 * attempt) and `retries` (after the first attempt). Absent options keep the models layer's defaults.
 */
export function toModelCallSettings(options: {
  readonly cache?: "use" | "refresh" | "off" | undefined;
  readonly timeout?: number | undefined;
  readonly retries?: number | undefined;
}): ModelCallSettings {
  return {
    cacheMode: options.cache,
    ...(options.timeout === undefined ? {} : { timeoutMs: Math.round(options.timeout * 1000) }),
    ...(options.retries === undefined ? {} : { retry: { maxRetries: options.retries } }),
  };
}
