import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

/** One HTTP request of a {@link NodeHttpTransport}. */
export interface NodeHttpRequest {
  readonly url: URL;
  readonly method: string;
  /** Header names as given; `content-length` is set from `body`. */
  readonly headers: Readonly<Record<string, string>>;
  /** A string is written with the headers in one go. */
  readonly body?: string | Buffer | undefined;
  readonly abortSignal?: AbortSignal | undefined;
  /** Builds the rejection for a failed connection or a cut-short answer from the underlying error. */
  readonly connectionFailure: (cause: Error) => unknown;
}

/** A whole HTTP answer, its body buffered. */
export interface NodeHttpAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * Sends requests on `node:http`/`node:https` with keep-alive agents. Rejects with the abort signal's reason when it
 * fires, and with `connectionFailure(error)` when the socket fails or the answer is cut short.
 */
export interface NodeHttpTransport {
  send(request: NodeHttpRequest): Promise<NodeHttpAnswer>;
}

/**
 * Creates a {@link NodeHttpTransport}: one pair of keep-alive agents (up to `maxSockets`, default 256, connections per
 * host) shared by every request sent through it. No redirects, no compression; whole bodies are buffered.
 */
export function createNodeHttpTransport(options: { readonly maxSockets?: number | undefined } = {}): NodeHttpTransport {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 256 };
  const agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
  const send = (request: NodeHttpRequest): Promise<NodeHttpAnswer> =>
    new Promise((resolve, reject) => {
      const { url, abortSignal, body } = request;
      if (abortSignal?.aborted) {
        reject(abortSignal.reason);
        return;
      }
      const isHttps = url.protocol === "https:";
      const headers =
        body === undefined
          ? request.headers
          : { ...request.headers, "content-length": String(Buffer.byteLength(body)) };
      const outgoing = (isHttps ? httpsRequest : httpRequest)({
        protocol: url.protocol,
        hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: request.method,
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
      const fail = (error: Error): void => {
        if (settle()) reject(request.connectionFailure(error));
      };
      const onAbort = (): void => {
        if (settle()) reject(abortSignal?.reason);
        outgoing.destroy();
      };
      abortSignal?.addEventListener("abort", onAbort, { once: true });
      outgoing.on("error", fail);
      outgoing.on("response", (message) => {
        const chunks: Buffer[] = [];
        message.on("data", (chunk: Buffer) => chunks.push(chunk));
        message.on("error", fail);
        message.on("aborted", () => fail(new Error("response aborted")));
        message.on("end", () => {
          if (!message.complete) {
            fail(new Error("response body truncated"));
            return;
          }
          if (!settle()) return;
          resolve({
            status: message.statusCode ?? 502,
            statusText: message.statusMessage ?? "",
            headers: message.headers,
            // Most answers arrive in one chunk; copying it would cost a measurable share of a call.
            body: chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks),
          });
        });
      });
      outgoing.end(body);
    });
  return { send };
}
