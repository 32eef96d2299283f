import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import { stringField, varintField } from "../internal/protobuf-wire.js";
import type { OtelSpan } from "../spec/otel-span.js";
import { decodeOtlpProtobuf } from "./decode-otlp-protobuf.js";
import { spansOfRequest } from "./parse-otlp-json.js";

/** Options of {@link serveOtlpTraces}. */
export interface ServeOtlpTracesOptions {
  /** Receives the spans of each accepted request (after decoding, before the answer); a throw answers 500. */
  readonly onSpans: (spans: readonly OtelSpan[]) => void | Promise<void>;
  /** Interface to bind; default `127.0.0.1` (local only). Bind another only together with `bearerToken`. */
  readonly host?: string | undefined;
  /** TCP port; 0 (default) picks a free one (read it from `port`). OTLP/HTTP's usual port is 4318. */
  readonly port?: number | undefined;
  /** When set, every request must carry `Authorization: Bearer <token>`; never logged or echoed. */
  readonly bearerToken?: string | undefined;
  /** Largest accepted body in bytes, after gzip decompression too; default 16 MiB. Larger gets 413. */
  readonly maxBodyBytes?: number | undefined;
}

/** A running OTLP/HTTP trace receiver. */
export interface OtlpTraceReceiver {
  /** The traces endpoint, e.g. `http://127.0.0.1:4318/v1/traces` (set it as `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

type Encoding = "json" | "protobuf";

/**
 * An OTLP/HTTP receiver for traces (OTLP specification, "OTLP/HTTP"): `POST /v1/traces` with an
 * `ExportTraceServiceRequest` as `application/json` or `application/x-protobuf`, optionally `content-encoding: gzip`.
 * Answers 200 with an empty `ExportTraceServiceResponse` in the request's encoding; 400 for a body that does not
 * decode, 401 for a missing or wrong bearer token, 404/405 for other routes, 413 past `maxBodyBytes`, 415 for other
 * content types. Error bodies are a `Status` message in the request's encoding.
 *
 * @throws Error from node:http when the port cannot be bound (e.g. EADDRINUSE).
 */
export async function serveOtlpTraces(options: ServeOtlpTracesOptions): Promise<OtlpTraceReceiver> {
  const expected = options.bearerToken === undefined ? undefined : digest(`Bearer ${options.bearerToken}`);
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const server = createServer((request, response) => {
    receive({ request, response, expected, maxBodyBytes, onSpans: options.onSpans }).catch((error: unknown) => {
      if (!response.headersSent) reply(response, { status: 500, encoding: "json", message: messageOf(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  // listen() on a TCP host always yields an AddressInfo, never a pipe name.
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/v1/traces`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

async function receive(context: {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly expected: Buffer | undefined;
  readonly maxBodyBytes: number;
  readonly onSpans: ServeOtlpTracesOptions["onSpans"];
}): Promise<void> {
  const { request, response } = context;
  const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  const encoding: Encoding = type === "application/x-protobuf" ? "protobuf" : "json";
  const fail = (status: number, message: string): void => {
    request.resume();
    reply(response, { status, encoding, message });
  };
  if (context.expected !== undefined) {
    // Comparing digests keeps the comparison constant-time whatever the length of what was sent.
    if (!timingSafeEqual(digest(request.headers.authorization ?? ""), context.expected)) {
      response.setHeader("www-authenticate", "Bearer");
      return fail(401, "Missing or wrong bearer token.");
    }
  }
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  if (path !== "/v1/traces") return fail(404, `No route ${path}; send OTLP traces to POST /v1/traces.`);
  if (request.method !== "POST") return fail(405, `${request.method} is not allowed on /v1/traces; use POST.`);
  if (type !== "application/json" && type !== "application/x-protobuf")
    return fail(415, "Send application/json or application/x-protobuf.");
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > context.maxBodyBytes) return fail(413, `Body over ${context.maxBodyBytes} bytes.`);
  const raw = await readLimited(request, context.maxBodyBytes);
  if (raw === undefined) return fail(413, `Body over ${context.maxBodyBytes} bytes.`);
  let spans: OtelSpan[];
  try {
    const body =
      request.headers["content-encoding"] === "gzip" ? gunzipSync(raw, { maxOutputLength: context.maxBodyBytes }) : raw;
    spans =
      encoding === "protobuf"
        ? decodeOtlpProtobuf(body)
        : spansOfRequest(
            JSON.parse(body.toString("utf8")),
            (message, field) => new InvalidInputError({ message, location: { field } }),
          );
  } catch (error) {
    const tooLarge = error instanceof RangeError;
    return fail(
      tooLarge ? 413 : 400,
      tooLarge ? `Body over ${context.maxBodyBytes} bytes once unzipped.` : messageOf(error),
    );
  }
  await context.onSpans(spans);
  if (encoding === "json") response.writeHead(200, { "content-type": "application/json" }).end("{}");
  else response.writeHead(200, { "content-type": "application/x-protobuf" }).end();
}

function readLimited(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.removeAllListeners("data");
        request.resume();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    request.on("error", reject);
    request.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

/** A google.rpc.Status answer (code 3 INVALID_ARGUMENT / 16 UNAUTHENTICATED / 13 INTERNAL …) in the request's encoding. */
function reply(response: ServerResponse, answer: { status: number; encoding: Encoding; message: string }): void {
  const code = answer.status === 401 ? 16 : answer.status >= 500 ? 13 : 3;
  if (answer.encoding === "json") {
    const text = JSON.stringify({ code, message: answer.message });
    response.writeHead(answer.status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
    });
    response.end(text);
    return;
  }
  const body = Buffer.from([
    ...varintField({ field: 1, value: code }),
    ...stringField({ field: 2, text: answer.message }),
  ]);
  response.writeHead(answer.status, { "content-type": "application/x-protobuf", "content-length": body.length });
  response.end(body);
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
