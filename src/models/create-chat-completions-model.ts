import {
  APICallError,
  type LanguageModelV3,
  type LanguageModelV3CallOptions,
  type LanguageModelV3GenerateResult,
} from "@ai-sdk/provider";
import type { JsonPoster, JsonPostResponse } from "./create-json-poster.js";
import { parseChatCompletion } from "./parse-chat-completion.js";
import { streamFromResult } from "./stream-from-result.js";
import {
  type ChatCompletionsBody,
  type ChatCompletionsDialect,
  toChatCompletionsBody,
} from "./to-chat-completions-body.js";

/** Options of {@link createChatCompletionsModel}. */
export interface ChatCompletionsModelOptions {
  readonly dialect: ChatCompletionsDialect;
  /** The model name sent as `model`, e.g. `gpt-4o-mini`. */
  readonly modelId: string;
  /** API base, e.g. `https://api.openai.com/v1`; the client posts to `<baseURL>/chat/completions`. */
  readonly baseURL: string;
  /** Sent as `Authorization: Bearer …` when given. Never part of an error message or result. */
  readonly apiKey?: string | undefined;
  /** How requests travel (see `createJsonPoster`). */
  readonly poster: JsonPoster;
  /** Ids for tool calls the server sent without one. */
  readonly generateId: () => string;
  /**
   * The AI SDK model of the same provider and model id, which serves the calls this client does not express
   * (see `toChatCompletionsBody`: files, provider-defined tools, `openai` provider options, …).
   */
  readonly fallback: LanguageModelV3;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function errorMessageOf(text: string): { message: string; data: unknown } | undefined {
  if (text.trim() === "") return undefined;
  try {
    const data: unknown = JSON.parse(text);
    const error = isObject(data) ? data.error : undefined;
    return isObject(error) && typeof error.message === "string" ? { message: error.message, data } : undefined;
  } catch {
    return undefined;
  }
}

function callHeaders(options: {
  readonly apiKey: string | undefined;
  readonly extra: LanguageModelV3CallOptions["headers"];
}): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.apiKey !== undefined) headers.authorization = `Bearer ${options.apiKey}`;
  for (const [name, value] of Object.entries(options.extra ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  // Like the AI SDK providers: the caller's user agent (e.g. `ai/6.x` from generateText), then this client's.
  const callerAgent = headers["user-agent"];
  headers["user-agent"] = callerAgent === undefined ? "dlmpo" : `${callerAgent} dlmpo`;
  return headers;
}

/** The error the AI SDK raises for the same answer: retryable for 408/409/429/5xx, server message when given. */
function failedResponseError(options: {
  readonly response: JsonPostResponse;
  readonly url: string;
  readonly body: JsonObject;
}): APICallError {
  const { response } = options;
  const parsed = errorMessageOf(response.text);
  return new APICallError({
    message: parsed?.message ?? response.statusText,
    url: options.url,
    requestBodyValues: options.body,
    statusCode: response.status,
    responseHeaders: response.headers,
    responseBody: response.text,
    ...(parsed === undefined ? {} : { data: parsed.data }),
  });
}

/**
 * A lean `LanguageModelV3` for the Chat Completions API of OpenAI and OpenAI-compatible servers (vLLM, SGLang,
 * Ollama, llama.cpp, LM Studio): builds the request JSON directly, posts it through `poster` (keep-alive node:http by
 * default), checks the answer's shape by hand and returns text, reasoning, tool calls, finish reason, usage (with
 * cached tokens) and the response headers. Several times cheaper per call than the AI SDK provider, with the same
 * request fields, results and errors (`APICallError` with status, headers and body, so retries and `Retry-After`
 * work as before). Calls it does not express go to `fallback`. `doStream` replays the finished answer as a stream.
 * @throws (from doGenerate) APICallError for HTTP errors, malformed answers ("Invalid JSON response…", status 200)
 *   and failed connections ("Cannot connect to API…"); the abort signal's reason when it fires.
 */
export function createChatCompletionsModel(options: ChatCompletionsModelOptions): LanguageModelV3 {
  const { dialect, modelId, fallback, poster, generateId } = options;
  const url = `${options.baseURL.replace(/\/+$/, "")}/chat/completions`;

  const send = async (
    call: LanguageModelV3CallOptions,
    request: Extract<ChatCompletionsBody, { kind: "body" }>,
  ): Promise<LanguageModelV3GenerateResult> => {
    const bodyText = JSON.stringify(request.body);
    const headers = callHeaders({ apiKey: options.apiKey, extra: call.headers });
    const response = await poster({ url, headers, body: bodyText, abortSignal: call.abortSignal });
    if (response.status < 200 || response.status >= 300) {
      throw failedResponseError({ response, url, body: request.body });
    }
    const invalid = (problem: string, cause?: unknown): APICallError =>
      new APICallError({
        message: `Invalid JSON response: ${problem}`,
        cause,
        url,
        requestBodyValues: request.body,
        statusCode: response.status,
        responseHeaders: response.headers,
        responseBody: response.text,
      });
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch (error) {
      throw invalid("the body is not JSON", error);
    }
    const parsed = parseChatCompletion({ json, generateId });
    if (!parsed.ok) throw invalid(parsed.problem);
    const { value } = parsed;
    return {
      content: value.content,
      finishReason: value.finishReason,
      usage: value.usage,
      providerMetadata: { [request.metadataKey]: { ...value.predictionTokens } },
      request: { body: bodyText },
      response: {
        ...(value.id === undefined ? {} : { id: value.id }),
        ...(value.modelId === undefined ? {} : { modelId: value.modelId }),
        ...(value.timestamp === undefined ? {} : { timestamp: value.timestamp }),
        headers: response.headers,
        body: json,
      },
      warnings: request.warnings,
    };
  };

  return {
    specificationVersion: "v3",
    provider: fallback.provider,
    modelId,
    get supportedUrls() {
      return fallback.supportedUrls;
    },
    doGenerate: async (call) => {
      const request = toChatCompletionsBody({ call, modelId, dialect });
      return request.kind === "delegate" ? fallback.doGenerate(call) : send(call, request);
    },
    doStream: async (call) => {
      const request = toChatCompletionsBody({ call, modelId, dialect });
      return request.kind === "delegate" ? fallback.doStream(call) : streamFromResult(await send(call, request));
    },
  };
}
