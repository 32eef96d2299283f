import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { MaskPredictor } from "../spec/mask-predictor.js";
import { checkRequestOrigin } from "./check-request-origin.js";
import { createForwardPassGate, type ForwardPassGate } from "./create-forward-pass-gate.js";
import { isHuggingFaceTokenizer } from "./create-hugging-face-tokenizer.js";
import { logitsRequestSchema, type ModelInfo } from "./logits-protocol.js";
import { checkLogitsRequest, defaultLogitsServerLimits, type LogitsServerLimits } from "./logits-server-limits.js";
import { toWireDistribution } from "./wire-distribution.js";

/** Options of `serveLogits`. */
export interface ServeLogitsOptions {
  /** Any local predictor (ONNX, built-in, …). Its tokenizer must come from a tokenizer.json unless `tokenizerDefinition` is given. */
  readonly predictor: MaskPredictor;
  /** Interface to bind; default `127.0.0.1` (local only). Use `0.0.0.0` only together with `bearerToken`. */
  readonly host?: string | undefined;
  /** TCP port; 0 (default) picks a free one — read it from the returned `port`. */
  readonly port?: number | undefined;
  /** When set, every request must carry `Authorization: Bearer <token>`; never logged or echoed. */
  readonly bearerToken?: string | undefined;
  /** The tokenizer.json to hand out; default: the predictor's own, when it came from one. */
  readonly tokenizerDefinition?: Readonly<Record<string, unknown>> | undefined;
  /** Size and concurrency limits; each field not given takes its `defaultLogitsServerLimits` value. */
  readonly limits?: Partial<LogitsServerLimits> | undefined;
}

/** A running logits server. */
export interface LogitsServer {
  /** Base URL, e.g. `http://127.0.0.1:8123` (the protocol's paths start with `/v1`). */
  readonly url: string;
  readonly port: number;
  /** The limits in force (defaults filled in). */
  readonly limits: LogitsServerLimits;
  /** Stops accepting requests and closes open connections. */
  close(): Promise<void>;
}

interface Context {
  readonly predictor: MaskPredictor;
  readonly info: ModelInfo;
  readonly tokenizerBody: string;
  readonly expectedDigest: Buffer | undefined;
  readonly limits: LogitsServerLimits;
  readonly gate: ForwardPassGate;
  readonly boundHost: string;
}

/**
 * Serves a `MaskPredictor` over dlmpo's remote logits protocol (docs/remote-logits.md) with node:http:
 * `GET /v1/model`, `GET /v1/tokenizer`, `POST /v1/logits`, `GET /health`. Refuses, before any work: requests from web
 * pages (403: an `Origin` header, a cross-site fetch, or a non-local `Host` on a loopback server; no CORS), a missing or
 * wrong bearer token (401), a POST that is not `application/json` (415), oversized requests (413: body bytes, sequences,
 * tokens), bad ones (400, naming the field); runs `maxConcurrent` forward passes with `maxQueued` waiting and answers
 * 429 with `Retry-After` beyond that; predictor failures get 500.
 *
 * @throws InvalidInputError when the predictor's tokenizer cannot be served and no `tokenizerDefinition` is given.
 * @throws DlmpoError `invalid-config` when the address cannot be bound (port in use, no permission, unknown host).
 */
export async function serveLogits(options: ServeLogitsOptions): Promise<LogitsServer> {
  const { predictor } = options;
  const tokenizer =
    options.tokenizerDefinition ??
    (isHuggingFaceTokenizer(predictor.tokenizer) ? predictor.tokenizer.definition : undefined);
  if (tokenizer === undefined)
    throw new InvalidInputError({
      message: `The tokenizer of ${predictor.modelId} did not come from a tokenizer.json; pass tokenizerDefinition.`,
      location: { field: "tokenizerDefinition" },
    });
  const limits = { ...defaultLogitsServerLimits, ...definedOnly(options.limits ?? {}) };
  const boundHost = options.host ?? "127.0.0.1";
  const context: Context = {
    predictor,
    info: {
      modelId: predictor.modelId,
      maskTokenId: predictor.maskTokenId,
      endTokenId: predictor.endTokenId,
      vocabSize: predictor.vocabSize,
      contextLength: predictor.contextLength,
      tokenizer: "/v1/tokenizer",
      tokenizerConfig: isHuggingFaceTokenizer(predictor.tokenizer) ? predictor.tokenizer.config : null,
      chatTemplate: predictor.chatTemplate ?? null,
      recommended: predictor.recommended ?? null,
    },
    tokenizerBody: JSON.stringify(tokenizer),
    expectedDigest: options.bearerToken === undefined ? undefined : digest(`Bearer ${options.bearerToken}`),
    limits,
    gate: createForwardPassGate(limits),
    boundHost,
  };
  const server = createServer((request, response) => {
    handle(request, response, context).catch((error: unknown) =>
      send(response, 500, {
        error: { code: "internal", message: error instanceof Error ? error.message : String(error) },
      }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(listenError(error, boundHost, options.port ?? 0)));
    server.listen(options.port ?? 0, boundHost, () => {
      server.removeAllListeners("error");
      resolve();
    });
  });
  // listen() on a TCP host always yields an AddressInfo, never a pipe name.
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    limits,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

function definedOnly(limits: Partial<LogitsServerLimits>): Partial<LogitsServerLimits> {
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): DlmpoError {
  const where = `${host}:${port}`;
  const why =
    error.code === "EADDRINUSE"
      ? `port ${port} is already in use; stop the other server or pick another port (0 picks a free one)`
      : error.code === "EACCES"
        ? `no permission to listen on port ${port}; use a port above 1023`
        : error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND"
          ? `${host} is not an address of this machine`
          : (error.code ?? error.message);
  return new DlmpoError({ code: "invalid-config", message: `Cannot listen on ${where}: ${why}.`, cause: error });
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

async function handle(request: IncomingMessage, response: ServerResponse, context: Context): Promise<void> {
  const refusal = checkRequestOrigin({ headers: request.headers, boundHost: context.boundHost });
  if (refusal !== undefined) return send(response, 403, { error: { code: "forbidden", message: refusal } });
  if (context.expectedDigest !== undefined) {
    // Comparing digests keeps the comparison constant-time whatever the length of what was sent.
    const given = digest(request.headers.authorization ?? "");
    if (!timingSafeEqual(given, context.expectedDigest)) {
      response.setHeader("www-authenticate", "Bearer");
      return send(response, 401, { error: { code: "unauthorized", message: "Missing or wrong bearer token." } });
    }
  }
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  const route = `${request.method ?? "GET"} ${path}`;
  if (route === "GET /v1/model") return send(response, 200, context.info);
  if (route === "GET /v1/tokenizer") {
    response.writeHead(200, { "content-type": "application/json" }).end(context.tokenizerBody);
    return;
  }
  if (route === "GET /health")
    return send(response, 200, { status: "ok", running: context.gate.running, queued: context.gate.queued });
  if (route === "POST /v1/logits") return predict(request, response, context);
  if (["/v1/model", "/v1/tokenizer", "/v1/logits", "/health"].includes(path))
    return send(response, 405, {
      error: { code: "method-not-allowed", message: `${request.method} is not allowed on ${path}.` },
    });
  send(response, 404, {
    error: { code: "not-found", message: `No route ${path}; see GET /v1/model and POST /v1/logits.` },
  });
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > maxBytes) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    // Body chunks of an IncomingMessage are Buffers (no encoding was set).
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

async function predict(request: IncomingMessage, response: ServerResponse, context: Context): Promise<void> {
  const { predictor, limits } = context;
  const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json")
    return send(response, 415, {
      error: { code: "unsupported-media-type", message: "POST /v1/logits needs Content-Type: application/json." },
    });
  const bytes = await readBody(request, limits.maxBodyBytes);
  if (bytes === undefined) {
    response.setHeader("connection", "close");
    send(response, 413, {
      error: {
        code: "too-large",
        message: `Request body exceeds this server's limit of ${limits.maxBodyBytes} bytes.`,
      },
    });
    request.destroy();
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString("utf8"));
  } catch {
    return send(response, 400, { error: { code: "invalid-input", message: "The body is not valid JSON." } });
  }
  const parsed = logitsRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") ?? "";
    return send(response, 400, {
      error: { code: "invalid-input", message: `field "${field}": ${issue?.message ?? "invalid"}` },
    });
  }
  const problem = checkLogitsRequest({ request: parsed.data, model: predictor, limits });
  if (problem !== undefined)
    return send(response, problem.status, { error: { code: problem.code, message: problem.message } });
  const entered = context.gate.enter();
  if (entered === undefined) {
    response.setHeader("retry-after", "1");
    return send(response, 429, {
      error: { code: "busy", message: `${limits.maxQueued} requests are already waiting; retry after 1 second.` },
    });
  }
  const controller = new AbortController();
  response.once("close", () => {
    if (!response.writableFinished) controller.abort(new Error("The client went away."));
  });
  const release = await entered;
  try {
    if (controller.signal.aborted) return;
    const result = await predictor.doPredict({ ...parsed.data, abortSignal: controller.signal });
    send(response, 200, {
      distributions: result.distributions.map((row) => row.map(toWireDistribution)),
      warnings: result.warnings,
    });
  } catch (error) {
    const status = error instanceof DlmpoError && error.exitCode === 2 ? 400 : 500;
    const code = error instanceof DlmpoError ? error.code : "internal";
    send(response, status, { error: { code, message: error instanceof Error ? error.message : String(error) } });
  } finally {
    release();
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}
