import { APICallError } from "@ai-sdk/provider";
import { afterEach, describe, expect, it } from "vitest";
import { type OpenAITestServer, startOpenAITestServer } from "../testing/openai-test-server.js";
import { createJsonPoster, type JsonPoster } from "./create-json-poster.js";

let server: OpenAITestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const transports: readonly [string, () => JsonPoster][] = [
  ["node:http", () => createJsonPoster()],
  ["a given fetch", () => createJsonPoster({ fetch: (input, init) => fetch(input, init) })],
];

describe.each(transports)("createJsonPoster over %s", (_name, create) => {
  it("posts the body with its headers and returns status, lower-case headers and text", async () => {
    server = await startOpenAITestServer({
      respond: () => ({ status: 418, body: { teapot: "ü" }, headers: { "X-Answer": "42" } }),
    });
    const response = await create()({
      url: `${server.baseURL}/chat/completions`,
      headers: { "content-type": "application/json", authorization: "Bearer k" },
      body: JSON.stringify({ hello: "wörld" }),
    });
    expect(response).toMatchObject({ status: 418, text: '{"teapot":"ü"}' });
    expect(response.headers["x-answer"]).toBe("42");
    expect(server.requests[0]?.body).toEqual({ hello: "wörld" });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer k");
  });

  it("rejects a refused connection with a retryable APICallError that keeps the socket error", async () => {
    server = await startOpenAITestServer();
    const url = `${server.baseURL}/chat/completions`;
    await server.close();
    server = undefined;
    const error = await create()({ url, headers: {}, body: "{}" }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isRetryable: true, url, message: expect.stringMatching(/^Cannot connect to API: /) });
    expect(JSON.stringify((error as APICallError).cause)).toContain("ECONNREFUSED"); // checked as an APICallError above.
  });

  it("rejects with the abort reason when aborted before or during the request", async () => {
    server = await startOpenAITestServer({ faults: { hang: 1 } });
    const poster = create();
    const url = `${server.baseURL}/chat/completions`;
    const reason = new Error("stop");
    await expect(poster({ url, headers: {}, body: "{}", abortSignal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    const controller = new AbortController();
    const pending = poster({ url, headers: {}, body: "{}", abortSignal: controller.signal });
    while (server.requestCount < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});

describe("createJsonPoster", () => {
  it("rejects an answer cut short as a retryable connection failure", async () => {
    server = await startOpenAITestServer({ faults: { dropConnection: 1 } });
    const error = await createJsonPoster()({
      url: `${server.baseURL}/chat/completions`,
      headers: {},
      body: "{}",
    }).catch((caught: unknown) => caught);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isRetryable: true });
  });
});
