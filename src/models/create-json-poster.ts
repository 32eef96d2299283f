import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { APICallError } from "@ai-sdk/provider";

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

function headersOf(message: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in message.headers) {
    const value = message.headers[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function createNodePoster(maxSockets: number): JsonPoster {
  const agentOptions = { keepAlive: true, maxSockets };
  const agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
  // A model posts to one URL, so remembering the last parsed one spares a URL parse per call.
  let lastTarget: { readonly text: string; readonly url: URL } | undefined;
  return (request) =>
    new Promise((resolve, reject) => {
      const { abortSignal } = request;
      if (abortSignal?.aborted) {
        reject(abortSignal.reason);
        return;
      }
      if (lastTarget?.text !== request.url) lastTarget = { text: request.url, url: new URL(request.url) };
      const { url } = lastTarget;
      const isHttps = url.protocol === "https:";
      const headers = { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) };
      const send = isHttps ? httpsRequest : httpRequest;
      const outgoing = send({
        protocol: url.protocol,
        hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: "POST",
        headers,
        agent: isHttps ? agents.https : agents.http,
      });
      let settled = false;
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        abortSignal?.removeEventListener("abort", onAbort);
        return true;
      };
      const fail = (error: unknown): void => {
        if (settle()) reject(connectionError({ error, url: request.url, body: request.body }));
      };
      const onAbort = (): void => {
        if (settle()) reject(abortSignal?.reason);
        outgoing.destroy();
      };
      abortSignal?.addEventListener("abort", onAbort, { once: true });
      outgoing.on("error", fail);
      outgoing.on("response", (message) => {
        let text = "";
        message.setEncoding("utf8");
        message.on("data", (chunk: string) => {
          text += chunk;
        });
        message.on("error", fail);
        message.on("aborted", () => fail(new Error("response aborted")));
        message.on("end", () => {
          if (!message.complete) {
            fail(new Error("response body truncated"));
            return;
          }
          if (!settle()) return;
          const status = message.statusCode ?? 502;
          resolve({ status, statusText: message.statusMessage ?? "", headers: headersOf(message), text });
        });
      });
      // A string body lets node:http write headers and body in one syscall.
      outgoing.end(request.body);
    });
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
 * Creates a {@link JsonPoster}: by default on `node:http`/`node:https` with keep-alive agents (up to `maxSockets`,
 * default 256, connections per host), writing headers and body in one go and reading the answer as one string —
 * no `Request`/`Response`/`Headers` objects, which cost more than the rest of a call at thousands of calls per second.
 * With `fetch` (a proxy, a test double), every request goes through that function instead.
 */
export function createJsonPoster(
  options: { readonly fetch?: typeof fetch | undefined; readonly maxSockets?: number | undefined } = {},
): JsonPoster {
  return options.fetch === undefined ? createNodePoster(options.maxSockets ?? 256) : createFetchPoster(options.fetch);
}
