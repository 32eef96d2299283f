import {
  APICallError,
  type LanguageModelV3,
  type LanguageModelV3CallOptions,
  type LanguageModelV3GenerateResult,
} from "@ai-sdk/provider";
import { DlmpoError } from "../errors/dlmpo-error.js";
import type { JsonPoster } from "./create-json-poster.js";
import { toFinishReason, toUsage } from "./parse-chat-completion.js";
import { streamFromResult } from "./stream-from-result.js";

/** Provider-options namespace of a fill-in-the-middle call: `{ suffix, extra }`. */
export const fimProviderOptionsKey = "fim";

/** Options of {@link createFimCompletionsModel}. */
export interface FimCompletionsModelOptions {
  /** The model name sent as `model`, e.g. `mercury-coder`. */
  readonly modelId: string;
  /** API base, e.g. `https://api.inceptionlabs.ai/v1`; requests go to `<baseURL>/fim/completions`. */
  readonly baseURL: string;
  /** Sent as `Authorization: Bearer …` when given; never part of an error message or result. */
  readonly apiKey?: string | undefined;
  /** How requests travel (see `createJsonPoster`). */
  readonly poster: JsonPoster;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The text of the call's user messages, joined: the part of the document before the gap. */
function prefixOf(call: LanguageModelV3CallOptions): string {
  return call.prompt
    .flatMap((message) => (message.role === "user" ? message.content : []))
    .map((part) => (part.type === "text" ? part.text : ""))
    .join("");
}

function requestBody(options: { readonly modelId: string; readonly call: LanguageModelV3CallOptions }): JsonObject {
  const { call } = options;
  const fim = call.providerOptions?.[fimProviderOptionsKey] ?? {};
  const suffix = typeof fim.suffix === "string" ? fim.suffix : "";
  const extra = isObject(fim.extra) ? fim.extra : {};
  return {
    ...extra,
    model: options.modelId,
    prompt: prefixOf(call),
    suffix,
    ...(call.maxOutputTokens === undefined ? {} : { max_tokens: call.maxOutputTokens }),
    ...(call.temperature === undefined ? {} : { temperature: call.temperature }),
    ...(call.seed === undefined ? {} : { seed: call.seed }),
    ...(call.stopSequences === undefined ? {} : { stop: call.stopSequences }),
  };
}

/**
 * A `LanguageModelV3` for fill-in-the-middle endpoints (`POST <baseURL>/fim/completions`, as Inception's Mercury
 * serves): the user messages' text is the `prompt` (before the gap), `providerOptions.fim.suffix` the text after it,
 * `providerOptions.fim.extra` more body fields (e.g. diffusion settings); `maxOutputTokens`, `temperature`, `seed` and
 * `stopSequences` map to `max_tokens`, `temperature`, `seed`, `stop`. The answer is `choices[0].text`. Wrapped by
 * `wrapModel`, its calls get the cache, limiter, retries, timeout, meter and budgets of every other model.
 * @throws (from doGenerate) APICallError for HTTP errors (retryable for 408/409/429/5xx, with the response headers
 *   for `Retry-After`), a body that is not JSON (retryable: cut short) and failed connections; DlmpoError
 *   `provider-error` (not retried) for JSON of the wrong shape.
 */
export function createFimCompletionsModel(options: FimCompletionsModelOptions): LanguageModelV3 {
  const url = `${options.baseURL.replace(/\/+$/, "")}/fim/completions`;
  const generate = async (call: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> => {
    const body = requestBody({ modelId: options.modelId, call });
    const bodyText = JSON.stringify(body);
    const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "dlmpo" };
    if (options.apiKey !== undefined) headers.authorization = `Bearer ${options.apiKey}`;
    const response = await options.poster({ url, headers, body: bodyText, abortSignal: call.abortSignal });
    const failure = (message: string): APICallError =>
      new APICallError({
        message,
        url,
        requestBodyValues: body,
        statusCode: response.status,
        responseHeaders: response.headers,
        responseBody: response.text.slice(0, 2000),
      });
    if (response.status < 200 || response.status >= 300) throw failure(response.statusText || "request failed");
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      throw failure('Invalid JSON response: expected {"choices": [{"text": "…"}]}');
    }
    const choices = isObject(json) ? json.choices : undefined;
    const first: unknown = Array.isArray(choices) ? choices[0] : undefined;
    // Whole JSON of another shape is no transmission accident: a retry would get the same answer.
    if (!isObject(first) || typeof first.text !== "string")
      throw new DlmpoError({
        code: "provider-error",
        message: `The fill-in-the-middle server ${url} answered with the wrong shape (no choices[0].text); expected {"choices": [{"text": "…"}]}.`,
        statusCode: response.status,
      });
    const finish = typeof first.finish_reason === "string" ? first.finish_reason : undefined;
    return {
      content: [{ type: "text", text: first.text }],
      finishReason: toFinishReason(finish, false),
      usage: toUsage(isObject(json) ? json.usage : undefined),
      request: { body: bodyText },
      response: { headers: response.headers, body: json },
      warnings: [],
    };
  };
  return {
    specificationVersion: "v3",
    provider: "fim",
    modelId: options.modelId,
    supportedUrls: {},
    doGenerate: generate,
    doStream: async (call) => streamFromResult(await generate(call)),
  };
}
