import { APICallError } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { classifyCallError, parseRetryAfterMs } from "./classify-call-error.js";

function apiError(statusCode: number, responseHeaders: Record<string, string> = {}): APICallError {
  return new APICallError({ message: "m", url: "u", requestBodyValues: {}, statusCode, responseHeaders });
}

describe("parseRetryAfterMs", () => {
  it("reads seconds, HTTP dates and retry-after-ms", () => {
    expect(parseRetryAfterMs({ headers: { "retry-after": "2" }, nowMs: 0 })).toBe(2000);
    expect(parseRetryAfterMs({ headers: { "Retry-After": "1.5" }, nowMs: 0 })).toBe(1500);
    const date = new Date(50_000).toUTCString();
    expect(parseRetryAfterMs({ headers: { "retry-after": date }, nowMs: 20_000 })).toBe(30_000);
    expect(parseRetryAfterMs({ headers: { "retry-after": date }, nowMs: 90_000 })).toBe(0);
    expect(parseRetryAfterMs({ headers: { "retry-after-ms": "250", "retry-after": "9" }, nowMs: 0 })).toBe(250);
    expect(parseRetryAfterMs({ headers: { "retry-after": "soon" }, nowMs: 0 })).toBeUndefined();
    expect(parseRetryAfterMs({ headers: undefined, nowMs: 0 })).toBeUndefined();
  });
});

describe("classifyCallError", () => {
  it("retries 429 and 5xx, not 4xx, and flags rate limiting", () => {
    expect(classifyCallError({ error: apiError(429, { "retry-after": "3" }), nowMs: 0 })).toEqual({
      isRetryable: true,
      isRateLimited: true,
      statusCode: 429,
      retryAfterMs: 3000,
    });
    expect(classifyCallError({ error: apiError(503), nowMs: 0 }).isRetryable).toBe(true);
    expect(classifyCallError({ error: apiError(401), nowMs: 0 }).isRetryable).toBe(false);
  });

  it("retries broken successful responses and network errors, not programming errors", () => {
    expect(classifyCallError({ error: apiError(200), nowMs: 0 }).isRetryable).toBe(true);
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    expect(classifyCallError({ error: new TypeError("fetch failed", { cause: reset }), nowMs: 0 }).isRetryable).toBe(
      true,
    );
    expect(classifyCallError({ error: new RangeError("bug"), nowMs: 0 }).isRetryable).toBe(false);
  });
});
