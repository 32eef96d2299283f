import { createSeededRandom } from "../internal/seeded-random.js";
import type { TestServerRequest } from "./openai-test-server-replies.js";

/**
 * A fault the test server injects instead of (or before) the scripted reply.
 * - `rate-limit`: 429 with `Retry-After` (seconds, default 0; or an HTTP date string).
 * - `server-error`: 500 (or `status`) with an OpenAI-style error body.
 * - `latency`: waits `ms` milliseconds, then answers normally.
 * - `hang`: never answers (until the client gives up or the server closes).
 * - `malformed-json`: 200 with a body that is not valid JSON.
 * - `drop-connection`: sends headers and part of the body, then destroys the socket.
 */
export type TestServerFault =
  | { readonly kind: "rate-limit"; readonly retryAfter?: number | string | undefined }
  | { readonly kind: "server-error"; readonly status?: number | undefined }
  | { readonly kind: "latency"; readonly ms: number }
  | { readonly kind: "hang" }
  | { readonly kind: "malformed-json" }
  | { readonly kind: "drop-connection" };

/**
 * Seeded fault probabilities, each in [0, 1], drawn independently per request index (so a retried request gets a
 * fresh draw). Checked in the order of the fields below; the first that fires wins.
 */
export interface TestServerFaultRates {
  /** Seed of the draws; default 0. Same seed → same faults for the same request indices. */
  readonly seed?: number | undefined;
  readonly rateLimit?: number | undefined;
  /** `Retry-After` of injected 429s (seconds or HTTP date); default 0. */
  readonly retryAfter?: number | string | undefined;
  readonly serverError?: number | undefined;
  readonly malformedJson?: number | undefined;
  readonly dropConnection?: number | undefined;
  readonly hang?: number | undefined;
}

/** Faults as a function of the request (e.g. of `request.index`), or as seeded probabilities. */
export type TestServerFaultPlan = ((request: TestServerRequest) => TestServerFault | undefined) | TestServerFaultRates;

/** The fault, if any, that `plan` injects for `request`. */
export function pickFault(
  plan: TestServerFaultPlan | undefined,
  request: TestServerRequest,
): TestServerFault | undefined {
  if (plan === undefined) return undefined;
  if (typeof plan === "function") return plan(request);
  // One independent stream per request index keeps the draws stable however requests interleave.
  const random = createSeededRandom(((plan.seed ?? 0) * 1_000_003 + request.index * 7_919) >>> 0);
  const draws: readonly [number | undefined, TestServerFault][] = [
    [plan.rateLimit, { kind: "rate-limit", retryAfter: plan.retryAfter ?? 0 }],
    [plan.serverError, { kind: "server-error" }],
    [plan.malformedJson, { kind: "malformed-json" }],
    [plan.dropConnection, { kind: "drop-connection" }],
    [plan.hang, { kind: "hang" }],
  ];
  for (const [probability, fault] of draws) {
    if (random.next() < (probability ?? 0)) return fault;
  }
  return undefined;
}
