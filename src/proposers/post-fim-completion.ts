import { DlmpoError } from "../errors/dlmpo-error.js";
import { parseRetryAfterMs } from "../models/classify-call-error.js";
import type { Runtime } from "../spec/runtime.js";

/** Base of the exponential backoff between attempts, in ms (attempt n waits up to base·2ⁿ, full jitter). */
const baseDelayMs = 500;
/** Cap of one wait, `Retry-After` included, in ms. */
const maxDelayMs = 30_000;

/**
 * Sends one fill-in-the-middle request (`POST url` with a JSON body) and returns `choices[0].text`. Retries network
 * failures, 408, 409, 429 and 5xx up to `maxRetries` times, waiting the server's `Retry-After` when given, else a
 * jittered backoff (`runtime.random`, `runtime.clock.sleep`).
 *
 * @throws DlmpoError `provider-error` (with `statusCode`) for other HTTP errors, when retries are spent, or when the
 *   body is not `{ choices: [{ text: string }] }`; `aborted` when `abortSignal` fires. The API key never appears.
 */
export async function postFimCompletion(options: {
  readonly url: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly apiKey?: string | undefined;
  readonly fetch: typeof globalThis.fetch;
  readonly runtime: Runtime;
  readonly maxRetries: number;
  readonly abortSignal?: AbortSignal | undefined;
}): Promise<string> {
  const { runtime, abortSignal } = options;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.apiKey !== undefined) headers.authorization = `Bearer ${options.apiKey}`;
  for (let attempt = 0; ; attempt += 1) {
    if (abortSignal?.aborted) throw aborted(abortSignal.reason);
    let response: Response | undefined;
    let failure: string;
    try {
      response = await options.fetch(options.url, {
        method: "POST",
        headers,
        body: JSON.stringify(options.body),
        ...(abortSignal === undefined ? {} : { signal: abortSignal }),
      });
      failure = `HTTP ${response.status}`;
    } catch (error) {
      if (abortSignal?.aborted) throw aborted(abortSignal.reason);
      failure = `network error (${error instanceof Error ? error.message : String(error)})`;
    }
    if (response?.ok === true) return readText({ response, url: options.url });
    const status = response?.status;
    const isRetryable = status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
    if (!isRetryable || attempt >= options.maxRetries) {
      const detail = response === undefined ? "" : await errorDetail(response);
      const advice = status === 401 || status === 403 ? " Check the API key." : isRetryable ? " Try again later." : "";
      throw new DlmpoError({
        code: "provider-error",
        message: `The fill-in-the-middle server ${options.url} failed after ${attempt + 1} attempt${attempt === 0 ? "" : "s"}: ${failure}${detail}.${advice}`,
        statusCode: status,
        isRetryable,
      });
    }
    const retryAfterMs =
      response === undefined
        ? undefined
        : parseRetryAfterMs({ headers: Object.fromEntries(response.headers.entries()), nowMs: runtime.clock.now() });
    const delayMs = Math.min(maxDelayMs, retryAfterMs ?? runtime.random.next() * baseDelayMs * 2 ** attempt);
    await runtime.clock.sleep(delayMs, abortSignal).catch((reason: unknown) => {
      throw aborted(reason);
    });
  }
}

async function readText(options: { readonly response: Response; readonly url: string }): Promise<string> {
  const wrongShape = (why: string): DlmpoError =>
    new DlmpoError({
      code: "provider-error",
      message: `The fill-in-the-middle server ${options.url} answered with the wrong shape (${why}); expected {"choices": [{"text": "…"}]}.`,
      statusCode: options.response.status,
    });
  let body: unknown;
  try {
    body = await options.response.json();
  } catch {
    throw wrongShape("not JSON");
  }
  const choices = isRecord(body) ? body.choices : undefined;
  const first: unknown = Array.isArray(choices) ? choices[0] : undefined;
  const text = isRecord(first) ? first.text : undefined;
  if (typeof text !== "string") throw wrongShape("no choices[0].text");
  return text;
}

async function errorDetail(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  return text === "" ? "" : ` (${text.replace(/\s+/g, " ").slice(0, 200)})`;
}

function aborted(reason: unknown): DlmpoError {
  return reason instanceof DlmpoError
    ? reason
    : new DlmpoError({ code: "aborted", message: "The fill-in-the-middle request was aborted.", cause: reason });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
