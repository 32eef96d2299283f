import type { IncomingHttpHeaders } from "node:http";
import { APICallError } from "@ai-sdk/provider";
import { createNodeHttpTransport, type NodeHttpTransport } from "./create-node-http-transport.js";

/** One POST of a JSON body. */
export interface JsonPostRequest {
  /** Full URL, e.g. `https://api.openai.com/v1/chat/completions`. */
  readonly url: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON text to send. */
  readonly body: string;
  readonly abortSignal?: AbortSignal | undefined;
}

/** A whole HTTP answer: status, lower-case headers (repeated ones joined with ", "), body text. */
export interface JsonPostResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Record<string, string>;
  readonly text: string;
}

/**
 * Sends one request and reads the whole answer. Rejects with the abort signal's reason when it fires, and with an
 * `APICallError` ("Cannot connect to API: …", retryable, socket error as `cause`) when the connection fails or the
 * answer is cut short — the errors the AI SDK raises for the same failures, so retries classify them alike.
 */
export type JsonPoster = (request: JsonPostRequest) => Promise<JsonPostResponse>;

function connectionError(options: {
  readonly error: unknown;
  readonly url: string;
  readonly body: string;
}): APICallError {
  const cause =
    options.error instanceof TypeError && options.error.cause instanceof Error ? options.error.cause : options.error;
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new APICallError({
    message: `Cannot connect to API: ${detail}`,
    cause,
    url: options.url,
    requestBodyValues: options.body,
    isRetryable: true,
  });
}

function headersOf(incoming: IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in incoming) {
    const value = incoming[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function createNodePoster(transport: NodeHttpTransport): JsonPoster {
  // A model posts to one URL, so remembering the last parsed one spares a URL parse per call.
  let lastTarget: { readonly text: string; readonly url: URL } | undefined;
  return async (request) => {
    if (lastTarget?.text !== request.url) lastTarget = { text: request.url, url: new URL(request.url) };
    const answer = await transport.send({
      url: lastTarget.url,
      method: "POST",
      headers: request.headers,
      body: request.body,
      abortSignal: request.abortSignal,
      connectionFailure: (error) => connectionError({ error, url: request.url, body: request.body }),
    });
    return {
      status: answer.status,
      statusText: answer.statusText,
      headers: headersOf(answer.headers),
      text: answer.body.toString("utf8"),
    };
  };
}

function createFetchPoster(fetchFunction: typeof fetch): JsonPoster {
  return async (request) => {
    let response: Response;
    let text: string;
    try {
      response = await fetchFunction(request.url, {
        method: "POST",
        headers: request.headers,
        body: request.body,
        ...(request.abortSignal === undefined ? {} : { signal: request.abortSignal }),
      });
      text = await response.text();
    } catch (error) {
      if (request.abortSignal?.aborted) throw request.abortSignal.reason;
      if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")) throw error;
      throw connectionError({ error, url: request.url, body: request.body });
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    return { status: response.status, statusText: response.statusText, headers, text };
  };
}

/**
 * Creates a {@link JsonPoster}: by default on a {@link NodeHttpTransport} (`transport`, else a new one with up to
 * `maxSockets`, default 256, keep-alive connections per host), writing headers and body in one go and reading the
 * answer as one string — no `Request`/`Response`/`Headers` objects, which cost more than the rest of a call at thousands
 * of calls per second. With `fetch` (a proxy, a test double), every request goes through that function instead.
 */
export function createJsonPoster(
  options: {
    readonly fetch?: typeof fetch | undefined;
    readonly maxSockets?: number | undefined;
    readonly transport?: NodeHttpTransport | undefined;
  } = {},
): JsonPoster {
  if (options.fetch !== undefined) return createFetchPoster(options.fetch);
  return createNodePoster(options.transport ?? createNodeHttpTransport({ maxSockets: options.maxSockets }));
}
