import { afterEach, describe, expect, it } from "vitest";
import { type OpenAITestServer, startOpenAITestServer } from "../testing/openai-test-server.js";
import { createNodeHttpFetch } from "./create-node-http-fetch.js";

let server: OpenAITestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("createNodeHttpFetch", () => {
  it("posts a body with headers and returns status, headers and body", async () => {
    server = await startOpenAITestServer({
      respond: () => ({ status: 418, body: { teapot: true }, headers: { "x-answer": "42" } }),
    });
    const nodeFetch = createNodeHttpFetch();
    const response = await nodeFetch(`${server.baseURL}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer k" },
      body: JSON.stringify({ hello: "world" }),
    });
    expect(response.status).toBe(418);
    expect(response.headers.get("x-answer")).toBe("42");
    expect(await response.json()).toEqual({ teapot: true });
    expect(server.requests[0]?.body).toEqual({ hello: "world" });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer k");
  });

  it("rejects a dropped connection like fetch, with the socket error as cause", async () => {
    server = await startOpenAITestServer({ faults: { dropConnection: 1 } });
    const error = await createNodeHttpFetch()(`${server.baseURL}/chat/completions`, {
      method: "POST",
      body: "{}",
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: "fetch failed" });
    expect((error as Error).cause).toBeInstanceOf(Error); // Error.cause is unknown; the test checks its type.
  });

  it("rejects with the abort reason and frees the hanging request", async () => {
    server = await startOpenAITestServer({ faults: { hang: 1 } });
    const controller = new AbortController();
    const pending = createNodeHttpFetch()(`${server.baseURL}/chat/completions`, {
      method: "POST",
      body: "{}",
      signal: controller.signal,
    });
    while (server.requestCount < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    const reason = new Error("give up");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it("rejects a refused connection as a network failure", async () => {
    server = await startOpenAITestServer();
    const { baseURL } = server;
    await server.close();
    server = undefined;
    const error = await createNodeHttpFetch()(`${baseURL}/models`).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ message: "fetch failed", cause: { code: "ECONNREFUSED" } });
  });
});
