import { APICallError } from "@ai-sdk/provider";

/** What a failed attempt means for retrying. */
export interface CallErrorClass {
  /** Worth another attempt: 408/409/429/5xx, network failures, truncated or malformed bodies, timeouts. */
  readonly isRetryable: boolean;
  /** True for HTTP 429 (steers the concurrency limiter). */
  readonly isRateLimited: boolean;
  readonly statusCode: number | undefined;
  /** Server-requested wait (`retry-after-ms`, or `Retry-After` in seconds or as an HTTP date), in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** Why the server cannot be reached at all (refused, unknown host, TLS); such a failure is not retried. */
  readonly unreachable?: string | undefined;
  /** The URL the failed request went to, when the error names it. */
  readonly url?: string | undefined;
}

const retryableErrorNames = new Set([
  "AI_JSONParseError",
  "AI_TypeValidationError",
  "AI_InvalidResponseDataError",
  "AI_EmptyResponseBodyError",
  "TimeoutError",
]);

const networkCodes = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET", "UND_ERR_CLOSED"]);

function headerValue(headers: Readonly<Record<string, string>> | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  const found = Object.keys(headers).find((key) => key.toLowerCase() === name);
  return found === undefined ? undefined : headers[found];
}

/** Parses `retry-after-ms` or `Retry-After` (seconds or HTTP date, relative to `nowMs`) into milliseconds ≥ 0. */
export function parseRetryAfterMs(options: {
  readonly headers: Readonly<Record<string, string>> | undefined;
  readonly nowMs: number;
}): number | undefined {
  const milliseconds = headerValue(options.headers, "retry-after-ms");
  if (milliseconds !== undefined && Number.isFinite(Number.parseFloat(milliseconds))) {
    return Math.max(0, Number.parseFloat(milliseconds));
  }
  const value = headerValue(options.headers, "retry-after")?.trim();
  if (value === undefined || value === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - options.nowMs);
}

/** Socket error codes that mean the server cannot be reached at all, whatever the retry: what to tell the user. */
const unreachableCodes: ReadonlyMap<string, string> = new Map([
  ["ECONNREFUSED", "connection refused"],
  ["ENOTFOUND", "host not found"],
  ["EAI_AGAIN", "host name lookup failed"],
  ["EHOSTUNREACH", "host unreachable"],
  ["ENETUNREACH", "network unreachable"],
  ["CERT_HAS_EXPIRED", "TLS certificate expired"],
  ["DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed TLS certificate"],
  ["SELF_SIGNED_CERT_IN_CHAIN", "self-signed TLS certificate in the chain"],
  ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "TLS certificate not verifiable"],
  ["UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "TLS certificate issuer unknown"],
  ["ERR_TLS_CERT_ALTNAME_INVALID", "TLS certificate does not match the host"],
  ["EPROTO", "TLS handshake failed"],
]);

/** The causes of `error`, itself first, each once. */
function causesOf(error: unknown): Error[] {
  const causes: Error[] = [];
  let current = error;
  while (current instanceof Error && !causes.includes(current)) {
    causes.push(current);
    current = current.cause;
  }
  return causes;
}

/** Why the server of a failed request cannot be reached (refused, unknown host, TLS), or undefined. */
function unreachableReason(error: unknown): string | undefined {
  for (const cause of causesOf(error)) {
    // Node network errors carry a string `code` (ECONNREFUSED, ENOTFOUND, ERR_TLS_…).
    const code = (cause as Error & { code?: unknown }).code;
    if (typeof code !== "string") continue;
    const reason = unreachableCodes.get(code) ?? (/^ERR_(TLS|SSL)_/.test(code) ? "TLS error" : undefined);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

function hasNetworkCause(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current = error;
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current);
    // Node network errors carry a string `code` (ECONNRESET, UND_ERR_SOCKET, …).
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === "string" && networkCodes.has(code)) return true;
    if (current instanceof TypeError && /fetch failed|terminated|socket/i.test(current.message)) return true;
    current = current.cause;
  }
  return false;
}

/** Classifies an error thrown by one attempt of a provider call. */
export function classifyCallError(options: { readonly error: unknown; readonly nowMs: number }): CallErrorClass {
  const { error, nowMs } = options;
  const unreachable = unreachableReason(error);
  if (unreachable !== undefined) {
    const url = APICallError.isInstance(error) ? error.url : undefined;
    return {
      isRetryable: false,
      isRateLimited: false,
      statusCode: undefined,
      retryAfterMs: undefined,
      unreachable,
      url,
    };
  }
  if (APICallError.isInstance(error)) {
    const statusCode = error.statusCode;
    // A 2xx whose body could not be processed was truncated or malformed in transit: worth another attempt.
    const isBrokenSuccess = statusCode !== undefined && statusCode >= 200 && statusCode < 300;
    return {
      isRetryable: error.isRetryable || isBrokenSuccess || hasNetworkCause(error),
      isRateLimited: statusCode === 429,
      statusCode,
      retryAfterMs: parseRetryAfterMs({ headers: error.responseHeaders, nowMs }),
    };
  }
  const name = error instanceof Error ? error.name : "";
  return {
    isRetryable: retryableErrorNames.has(name) || hasNetworkCause(error),
    isRateLimited: false,
    statusCode: undefined,
    retryAfterMs: undefined,
  };
}
