import type { z } from "zod";
import { DlmpoError } from "../errors/dlmpo-error.js";
import type { MaskPredictor, PredictResult } from "../spec/mask-predictor.js";
import { createHuggingFaceTokenizer, type HuggingFaceTokenizer } from "./create-hugging-face-tokenizer.js";
import { logitsResponseSchema, modelInfoSchema } from "./logits-protocol.js";
import { fromWireDistribution } from "./wire-distribution.js";

/** Options of `createRemoteMaskPredictor`. */
export interface RemoteMaskPredictorOptions {
  /** Base URL of a logits server, e.g. `http://gpu-box:8123` (a trailing `/v1` is accepted too). */
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>`; never logged or put in error messages. */
  readonly bearerToken?: string | undefined;
  /** A fetch implementation; default the global `fetch`. */
  readonly fetch?: typeof fetch | undefined;
  readonly abortSignal?: AbortSignal | undefined;
}

/** A `MaskPredictor` that asks a remote logits server; its tokenizer is the server's tokenizer.json. */
export interface RemoteMaskPredictor extends MaskPredictor {
  readonly tokenizer: HuggingFaceTokenizer;
  /** The base URL in use (without `/v1`). */
  readonly url: string;
}

/**
 * Connects to a server speaking dlmpo's remote logits protocol (docs/remote-logits.md), e.g. `dlmpo serve-logits`:
 * fetches `GET /v1/model` (and the tokenizer it names), then answers `doPredict` with `POST /v1/logits`.
 *
 * @throws DlmpoError `provider-error` when the server cannot be reached (retryable), answers with an error status
 *   (`statusCode` set; 401 means a missing or wrong token), or answers with the wrong shape (the message names the field);
 *   `aborted` when `abortSignal` fires.
 */
export async function createRemoteMaskPredictor(options: RemoteMaskPredictorOptions): Promise<RemoteMaskPredictor> {
  const base = options.url.replace(/\/+$/, "").replace(/\/v1$/, "");
  const call = createCaller({ base, bearerToken: options.bearerToken, fetch: options.fetch ?? fetch });
  const info = parseShape(
    modelInfoSchema,
    await call({ path: "/v1/model", abortSignal: options.abortSignal }),
    `${base}/v1/model`,
  );
  const definition =
    typeof info.tokenizer === "string"
      ? await call({ path: info.tokenizer, abortSignal: options.abortSignal })
      : info.tokenizer;
  if (typeof definition !== "object" || definition === null || Array.isArray(definition))
    throw shapeError(`${base}/v1/model`, "tokenizer", "expected a tokenizer.json object");
  let tokenizer: HuggingFaceTokenizer;
  try {
    tokenizer = createHuggingFaceTokenizer({
      // Checked above to be a plain object; the tokenizer library validates the rest.
      definition: definition as Record<string, unknown>,
      config: info.tokenizerConfig ?? {},
    });
  } catch (error) {
    throw shapeError(`${base}/v1/model`, "tokenizer", `cannot be loaded (${String(error)})`);
  }
  return {
    specificationVersion: "v1",
    modelId: info.modelId,
    maskTokenId: info.maskTokenId,
    endTokenId: info.endTokenId,
    vocabSize: info.vocabSize,
    contextLength: info.contextLength,
    chatTemplate: info.chatTemplate ?? undefined,
    recommended: info.recommended ?? undefined,
    tokenizer,
    url: base,
    async doPredict(predictOptions): Promise<PredictResult> {
      const body = {
        sequences: predictOptions.sequences,
        positions: predictOptions.positions,
        ...(predictOptions.topK === undefined ? {} : { topK: predictOptions.topK }),
      };
      const answer = parseShape(
        logitsResponseSchema,
        await call({ path: "/v1/logits", body, abortSignal: predictOptions.abortSignal }),
        `${base}/v1/logits`,
      );
      predictOptions.positions.forEach((positions, row) => {
        const got = answer.distributions[row]?.length;
        if (got !== positions.length)
          throw shapeError(
            `${base}/v1/logits`,
            `distributions.${row}`,
            `expected ${positions.length} distributions, got ${got ?? "none"}`,
          );
      });
      return {
        distributions: answer.distributions.map((row) => row.map(fromWireDistribution)),
        warnings: answer.warnings ?? [],
      };
    },
  };
}

type Caller = (request: {
  readonly path: string;
  readonly body?: unknown;
  readonly abortSignal?: AbortSignal | undefined;
}) => Promise<unknown>;

function createCaller(options: {
  readonly base: string;
  readonly bearerToken: string | undefined;
  readonly fetch: typeof fetch;
}): Caller {
  return async ({ path, body, abortSignal }) => {
    const url = `${options.base}${path.startsWith("/") ? path : `/${path}`}`;
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (options.bearerToken !== undefined) headers.authorization = `Bearer ${options.bearerToken}`;
    let response: Response;
    try {
      response = await options.fetch(url, {
        method: body === undefined ? "GET" : "POST",
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(abortSignal === undefined ? {} : { signal: abortSignal }),
      });
    } catch (error) {
      if (abortSignal?.aborted)
        throw new DlmpoError({ code: "aborted", message: `Request to ${url} was aborted.`, cause: abortSignal.reason });
      throw new DlmpoError({
        code: "provider-error",
        message: `Cannot reach the logits server at ${url}: ${String(error)}.`,
        isRetryable: true,
        cause: error,
      });
    }
    const text = await response.text();
    if (!response.ok) {
      const hint =
        response.status === 401
          ? " Set DLMPO_LOGITS_TOKEN to the token the server was started with (its --token or DLMPO_LOGITS_TOKEN)."
          : "";
      throw new DlmpoError({
        code: "provider-error",
        message: `Logits server ${url} answered ${response.status}: ${serverMessage(text).replace(/\.+$/, "")}.${hint}`,
        statusCode: response.status,
        isRetryable: response.status === 429 || response.status >= 500,
      });
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new DlmpoError({
        code: "provider-error",
        message: `Logits server ${url} answered with invalid JSON.`,
        cause: error,
      });
    }
  };
}

function serverMessage(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && "error" in parsed) {
      const error = parsed.error;
      if (typeof error === "object" && error !== null && "message" in error) return String(error.message);
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return text.slice(0, 200);
}

function parseShape<Schema extends z.ZodType>(schema: Schema, value: unknown, url: string): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw shapeError(url, issue?.path.join(".") ?? "", issue?.message ?? "invalid value");
}

function shapeError(url: string, field: string, problem: string): DlmpoError {
  return new DlmpoError({
    code: "provider-error",
    message: `Logits server ${url} answered with the wrong shape: field "${field}": ${problem}. Is it a dlmpo logits server (protocol v1)?`,
  });
}
