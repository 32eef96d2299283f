import type { IncomingHttpHeaders } from "node:http";

const loopbackNames = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** True for a host name or address that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return loopbackNames.has(host) || host.startsWith("127.");
}

function hostName(hostHeader: string): string {
  // "[::1]:8123" → "[::1]"; "localhost:8123" → "localhost".
  if (hostHeader.startsWith("[")) return hostHeader.slice(0, hostHeader.indexOf("]") + 1);
  const colon = hostHeader.lastIndexOf(":");
  return colon < 0 ? hostHeader : hostHeader.slice(0, colon);
}

/**
 * Refuses what a web page could send a local server (a logits server has no browser clients): any request carrying an
 * `Origin` header or a cross-site `Sec-Fetch-Site`, and, when the server listens on a loopback address, any `Host`
 * other than a loopback name (a DNS-rebinding page sends its own domain). Returns the reason, or undefined to accept.
 * The server sends no CORS headers, so browsers also keep the answers of anything that got through from page scripts.
 */
export function checkRequestOrigin(options: {
  readonly headers: IncomingHttpHeaders;
  /** The address the server listens on. */
  readonly boundHost: string;
}): string | undefined {
  const { headers } = options;
  if (headers.origin !== undefined)
    return `Requests from web pages (Origin ${JSON.stringify(headers.origin)}) are refused; call this server from a program.`;
  const site = headers["sec-fetch-site"];
  if (site !== undefined && site !== "none" && site !== "same-origin")
    return "Requests from web pages are refused; call this server from a program.";
  if (isLoopbackHost(options.boundHost) && !isLoopbackHost(hostName(headers.host ?? "")))
    return `Host ${JSON.stringify(headers.host ?? "")} is not this machine; a server on ${options.boundHost} answers only localhost names.`;
  return undefined;
}
