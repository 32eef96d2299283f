import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { pickFault, type TestServerFault, type TestServerFaultPlan } from "./openai-test-server-faults.js";
import {
  type CompletionReply,
  type ReplyShape,
  type ScriptedReply,
  type TestServerRequest,
  toCompletionBody,
  toStreamEvents,
} from "./openai-test-server-replies.js";

/** Options of {@link startOpenAITestServer}. */
export interface OpenAITestServerOptions {
  /** The scripted model: answers every completion request. Default: the text `"ok"`. */
  readonly respond?: ((request: TestServerRequest) => ScriptedReply | Promise<ScriptedReply>) | undefined;
  /** Faults to inject (changeable later with `setFaults`). Default: none. */
  readonly faults?: TestServerFaultPlan | undefined;
  /** Latency added before every answer, in milliseconds (≥ 0). Default 0. */
  readonly latencyMs?: number | undefined;
  /** Model ids listed by `GET /v1/models`. Default `["test-model"]`. */
  readonly models?: readonly string[] | undefined;
  /** Keep request records (default true). Turn off for long benchmarks to save memory. */
  readonly recordRequests?: boolean | undefined;
}

/** A running test server. */
export interface OpenAITestServer {
  /** `http://127.0.0.1:PORT/v1` — pass as `baseURL` to an AI SDK provider. */
  readonly baseURL: string;
  /** Every request received, in order (including ones answered with a fault). */
  readonly requests: readonly TestServerRequest[];
  /** Requests received so far, including unrecorded ones. */
  readonly requestCount: number;
  /** Requests being handled now (received, not yet answered). */
  readonly inFlight: number;
  /** The most requests handled at once so far. */
  readonly maxInFlight: number;
  /** Replaces the fault plan; undefined turns faults off. */
  setFaults(plan: TestServerFaultPlan | undefined): void;
  /** Stops listening and destroys every open connection, hanging ones included. */
  close(): Promise<void>;
}

const routes: Readonly<Record<string, ReplyShape>> = {
  "/v1/chat/completions": "chat",
  "/v1/completions": "completion",
  "/v1/fim/completions": "completion",
};

function sendJson(options: {
  readonly response: ServerResponse;
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>> | undefined;
}): void {
  const text = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  options.response.writeHead(options.status, {
    "content-type": typeof options.body === "string" ? "text/plain" : "application/json",
    "content-length": Buffer.byteLength(text),
    ...options.headers,
  });
  options.response.end(text);
}

function readBody(message: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on("data", (chunk: Buffer) => chunks.push(chunk));
    message.on("error", reject);
    message.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      if (text === "") return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        resolve(text);
      }
    });
  });
}

function headersOf(message: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function isStreaming(body: unknown): boolean {
  // A JSON object from the request; only `stream` is read.
  return body !== null && typeof body === "object" && (body as { stream?: unknown }).stream === true;
}

/** Answers with a fault; returns true when the normal reply must still follow (latency). */
function applyFault(options: { readonly fault: TestServerFault; readonly response: ServerResponse }): boolean {
  const { fault, response } = options;
  switch (fault.kind) {
    case "rate-limit":
      sendJson({
        response,
        status: 429,
        headers: { "retry-after": String(fault.retryAfter ?? 0) },
        body: { error: { message: "Rate limit reached (injected).", type: "rate_limit_error", code: "rate_limit" } },
      });
      return false;
    case "server-error":
      sendJson({
        response,
        status: fault.status ?? 500,
        body: { error: { message: "Internal server error (injected).", type: "server_error", code: null } },
      });
      return false;
    case "malformed-json":
      sendJson({
        response,
        status: 200,
        headers: { "content-type": "application/json" },
        body: '{"id": "cmpl", "choices": [',
      });
      return false;
    case "drop-connection":
      response.writeHead(200, { "content-type": "application/json", "content-length": 4096 });
      // Destroy only once the partial body is on the wire, so the client sees a response cut short.
      response.write('{"id": "cmpl-dropped", "choi', () => response.socket?.destroy());
      return false;
    case "hang":
      return false;
    case "latency":
      return true;
  }
}

function sendReply(options: {
  readonly reply: ScriptedReply;
  readonly request: TestServerRequest;
  readonly shape: ReplyShape;
  readonly response: ServerResponse;
}): void {
  const { reply, request, shape, response } = options;
  if ("status" in reply) {
    sendJson({ response, status: reply.status, body: reply.body, headers: reply.headers });
    return;
  }
  const completion: CompletionReply = reply;
  const createdSeconds = Math.floor(Date.now() / 1000);
  if (!isStreaming(request.body)) {
    sendJson({ response, status: 200, body: toCompletionBody({ reply: completion, request, shape, createdSeconds }) });
    return;
  }
  response.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  for (const event of toStreamEvents({ reply: completion, request, shape, createdSeconds })) {
    response.write(`data: ${event}\n\n`);
  }
  response.end();
}

/**
 * Starts a real OpenAI-compatible HTTP server on 127.0.0.1 (random port) for integration tests and benchmarks:
 * `POST /v1/chat/completions` (JSON and SSE streaming, tool calls, usage), `POST /v1/completions`,
 * `POST /v1/fim/completions` (`{ model, prompt, suffix }` → completions shape, as Inception's Mercury serves),
 * `GET /v1/models`. Answers come from `respond`; faults from `faults` / `setFaults`.
 * Works with `@ai-sdk/openai-compatible` and `@ai-sdk/openai` (`.chat(...)`, `.completion(...)`).
 */
export async function startOpenAITestServer(options: OpenAITestServerOptions = {}): Promise<OpenAITestServer> {
  const respond = options.respond ?? (() => ({ text: "ok" }));
  const shouldRecord = options.recordRequests ?? true;
  const requests: TestServerRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let faults = options.faults;
  let requestCount = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  const wait = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, ms);
          timers.add(timer);
        });

  const handle = async (message: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(message);
    const request: TestServerRequest = {
      index: requestCount,
      method: message.method ?? "GET",
      path: (message.url ?? "/").split("?")[0] ?? "/",
      headers: headersOf(message),
      body,
    };
    requestCount += 1;
    if (shouldRecord) requests.push(request);
    await wait(options.latencyMs ?? 0);
    if (request.method === "GET" && request.path === "/v1/models") {
      const data = (options.models ?? ["test-model"]).map((id) => ({
        id,
        object: "model",
        created: 0,
        owned_by: "dlmpo",
      }));
      sendJson({ response, status: 200, body: { object: "list", data } });
      return;
    }
    const shape = request.method === "POST" ? routes[request.path] : undefined;
    if (shape === undefined) {
      const error = { message: `No route ${request.method} ${request.path}.`, type: "invalid_request_error" };
      sendJson({ response, status: 404, body: { error } });
      return;
    }
    const fault = pickFault(faults, request);
    if (fault !== undefined) {
      if (!applyFault({ fault, response })) return;
      if (fault.kind === "latency") await wait(fault.ms);
    }
    sendReply({ reply: await respond(request), request, shape, response });
  };

  const server = createServer((message, response) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let counted = true;
    const done = (): void => {
      if (counted) inFlight -= 1;
      counted = false;
    };
    response.once("finish", done);
    response.once("close", done);
    handle(message, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      const text = error instanceof Error ? error.message : String(error);
      sendJson({
        response,
        status: 500,
        body: { error: { message: `respond failed: ${text}`, type: "server_error" } },
      });
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  // listen() on a TCP port always yields an AddressInfo (a string only for pipes).
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get requestCount() {
      return requestCount;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    setFaults(plan) {
      faults = plan;
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
