import type { IncomingHttpHeaders } from "node:http";
import { createNodeHttpTransport, type NodeHttpTransport } from "./create-node-http-transport.js";

type FetchInput = Parameters<typeof fetch>[0];
type FetchInit = NonNullable<Parameters<typeof fetch>[1]>;

function urlOf(input: FetchInput): URL {
  if (input instanceof URL) return input;
  return new URL(typeof input === "string" ? input : input.url);
}

function bodyOf(body: FetchInit["body"]): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  throw new TypeError("This fetch sends string or binary bodies only.");
}

function headerRecord(headers: FetchInit["headers"]): Record<string, string> {
  const record: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

function responseHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

/**
 * A `fetch` for provider clients built on a {@link NodeHttpTransport} (keep-alive `node:http`/`node:https`; a new one
 * unless `transport` is given). Several times cheaper per call than the built-in fetch, which matters at thousands of
 * calls per second. It buffers whole response bodies, so use it for non-streaming requests (the wrapped models only
 * make those). Network failures reject like fetch: `TypeError("fetch failed")` with the socket error (ECONNRESET, …)
 * as `cause`; an abort rejects with the signal's reason. No redirects, no compression.
 */
export function createNodeHttpFetch(
  options: { readonly maxSockets?: number | undefined; readonly transport?: NodeHttpTransport | undefined } = {},
): typeof fetch {
  const transport = options.transport ?? createNodeHttpTransport({ maxSockets: options.maxSockets });
  const nodeFetch = async (input: FetchInput, init: FetchInit = {}): Promise<Response> => {
    const method = init.method ?? "GET";
    const answer = await transport.send({
      url: urlOf(input),
      method,
      headers: headerRecord(init.headers),
      body: bodyOf(init.body),
      abortSignal: init.signal ?? undefined,
      connectionFailure: (cause) => new TypeError("fetch failed", { cause }),
    });
    const isBodyless = answer.status === 204 || answer.status === 304 || method === "HEAD";
    return new Response(isBodyless ? null : answer.body, {
      status: answer.status,
      statusText: answer.statusText,
      headers: responseHeaders(answer.headers),
    });
  };
  return nodeFetch;
}
