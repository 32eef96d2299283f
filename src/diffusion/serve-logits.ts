import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { MaskPredictor } from "../spec/mask-predictor.js";
import { isHuggingFaceTokenizer } from "./create-hugging-face-tokenizer.js";
import { type LogitsRequest, logitsRequestSchema, type ModelInfo } from "./logits-protocol.js";
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
  /** Largest accepted request body in bytes; default 64 MiB. */
  readonly maxBodyBytes?: number | undefined;
}

/** A running logits server. */
export interface LogitsServer {
  /** Base URL, e.g. `http://127.0.0.1:8123` (the protocol's paths start with `/v1`). */
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests and closes open connections. */
  close(): Promise<void>;
}

/**
 * Serves a `MaskPredictor` over dlmpo's remote logits protocol (docs/remote-logits.md) with node:http:
 * `GET /v1/model`, `GET /v1/tokenizer`, `POST /v1/logits`. Bad requests get 400 with `{ error: { code, message } }`
 * naming the field; a missing or wrong bearer token gets 401; predictor failures get 500.
 *
 * @throws InvalidInputError when the predictor's tokenizer cannot be served and no `tokenizerDefinition` is given.
 * @throws Error from node:http when the port cannot be bound (e.g. EADDRINUSE).
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
  const info: ModelInfo = {
    modelId: predictor.modelId,
    maskTokenId: predictor.maskTokenId,
    endTokenId: predictor.endTokenId,
    vocabSize: predictor.vocabSize,
    contextLength: predictor.contextLength,
    tokenizer: "/v1/tokenizer",
    tokenizerConfig: isHuggingFaceTokenizer(predictor.tokenizer) ? predictor.tokenizer.config : null,
    chatTemplate: predictor.chatTemplate ?? null,
    recommended: predictor.recommended ?? null,
  };
  const tokenizerBody = JSON.stringify(tokenizer);
  const expectedDigest = options.bearerToken === undefined ? undefined : digest(`Bearer ${options.bearerToken}`);
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const server = createServer((request, response) => {
    handle({ request, response, predictor, info, tokenizerBody, expectedDigest, maxBodyBytes }).catch(
      (error: unknown) =>
        send(response, 500, {
          error: { code: "internal", message: error instanceof Error ? error.message : String(error) },
        }),
    );
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
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

async function handle(context: {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly predictor: MaskPredictor;
  readonly info: ModelInfo;
  readonly tokenizerBody: string;
  readonly expectedDigest: Buffer | undefined;
  readonly maxBodyBytes: number;
}): Promise<void> {
  const { request, response } = context;
  if (context.expectedDigest !== undefined) {
    // Comparing digests keeps the comparison constant-time whatever the length of what was sent.
    const given = digest(request.headers.authorization ?? "");
    if (!timingSafeEqual(given, context.expectedDigest)) {
      response.setHeader("www-authenticate", "Bearer");
      send(response, 401, { error: { code: "unauthorized", message: "Missing or wrong bearer token." } });
      return;
    }
  }
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  const route = `${request.method ?? "GET"} ${path}`;
  if (route === "GET /v1/model") return send(response, 200, context.info);
  if (route === "GET /v1/tokenizer") {
    response.writeHead(200, { "content-type": "application/json" }).end(context.tokenizerBody);
    return;
  }
  if (route === "POST /v1/logits") return predict(context);
  if (["/v1/model", "/v1/tokenizer", "/v1/logits"].includes(path))
    return send(response, 405, {
      error: { code: "method-not-allowed", message: `${request.method} is not allowed on ${path}.` },
    });
  send(response, 404, {
    error: { code: "not-found", message: `No route ${path}; see GET /v1/model and POST /v1/logits.` },
  });
}

async function predict(context: {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly predictor: MaskPredictor;
  readonly maxBodyBytes: number;
}): Promise<void> {
  const { request, response, predictor } = context;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    // Body chunks of an IncomingMessage are Buffers (no encoding was set).
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > context.maxBodyBytes) {
      send(response, 413, {
        error: { code: "too-large", message: `Request body exceeds ${context.maxBodyBytes} bytes.` },
      });
      request.destroy();
      return;
    }
    chunks.push(buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
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
  const problem = checkRequest(parsed.data, predictor);
  if (problem !== undefined) return send(response, 400, { error: problem });
  const controller = new AbortController();
  response.once("close", () => {
    if (!response.writableFinished) controller.abort(new Error("The client went away."));
  });
  try {
    const result = await predictor.doPredict({ ...parsed.data, abortSignal: controller.signal });
    send(response, 200, {
      distributions: result.distributions.map((row) => row.map(toWireDistribution)),
      warnings: result.warnings,
    });
  } catch (error) {
    const status = error instanceof DlmpoError && error.exitCode === 2 ? 400 : 500;
    const code = error instanceof DlmpoError ? error.code : "internal";
    send(response, status, { error: { code, message: error instanceof Error ? error.message : String(error) } });
  }
}

function checkRequest(request: LogitsRequest, predictor: MaskPredictor): { code: string; message: string } | undefined {
  const length = request.sequences[0]?.length ?? 0;
  for (const [row, sequence] of request.sequences.entries()) {
    if (sequence.length !== length)
      return { code: "invalid-input", message: `field "sequences.${row}": all sequences must have the same length.` };
    const bad = sequence.findIndex((token) => token >= predictor.vocabSize);
    if (bad >= 0)
      return { code: "invalid-input", message: `field "sequences.${row}.${bad}": token id outside the vocabulary.` };
    const position = (request.positions[row] ?? []).findIndex((value) => value >= length);
    if (position >= 0)
      return { code: "invalid-input", message: `field "positions.${row}.${position}": position outside the sequence.` };
  }
  if (length > predictor.contextLength)
    return {
      code: "context-length",
      message: `Sequences of ${length} tokens exceed the context length ${predictor.contextLength} by ${length - predictor.contextLength}.`,
    };
  return undefined;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}
