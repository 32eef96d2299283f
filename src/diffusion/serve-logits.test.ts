import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { createSeededRandom } from "../internal/seeded-random.js";
import { describeMaskPredictorConformance } from "../testing/mask-predictor-conformance.js";
import { createOnnxMaskPredictor, type OnnxMaskPredictor } from "./create-onnx-mask-predictor.js";
import { createRemoteMaskPredictor } from "./create-remote-mask-predictor.js";
import { denoise } from "./denoise.js";
import { type LogitsServer, serveLogits } from "./serve-logits.js";

const fixture = join(import.meta.dirname, "..", "..", "test", "fixtures", "tiny-mlm");

describeMaskPredictorConformance("remote (serveLogits over the onnx fixture)", async () => {
  const local = await createOnnxMaskPredictor({ directory: fixture, intraOpThreads: 1 });
  const server = await serveLogits({ predictor: local, bearerToken: "conformance-token" });
  const remote = await createRemoteMaskPredictor({ url: server.url, bearerToken: "conformance-token" });
  return {
    ...remote,
    close: async () => {
      await server.close();
      await local.close();
    },
  };
});

describe("serveLogits and createRemoteMaskPredictor", () => {
  let local: OnnxMaskPredictor;
  let server: LogitsServer;
  const token = "s3cret-token";
  beforeAll(async () => {
    local = await createOnnxMaskPredictor({ directory: fixture, intraOpThreads: 1 });
    server = await serveLogits({ predictor: local, bearerToken: token });
  });
  afterAll(async () => {
    await server.close();
    await local.close();
  });

  const post = (body: unknown, authorization = `Bearer ${token}`) =>
    fetch(`${server.url}/v1/logits`, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("binds to 127.0.0.1 by default", () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it("describes the model at GET /v1/model", async () => {
    const response = await fetch(`${server.url}/v1/model`, { headers: { authorization: `Bearer ${token}` } });
    expect(await response.json()).toMatchObject({
      modelId: "tiny-mlm-fixture",
      maskTokenId: local.maskTokenId,
      endTokenId: local.endTokenId,
      vocabSize: local.vocabSize,
      contextLength: 128,
      tokenizer: "/v1/tokenizer",
    });
  });

  it("refuses requests without the bearer token, and the client says which variable to set", async () => {
    expect((await post({ sequences: [[1]], positions: [[0]] }, "Bearer wrong")).status).toBe(401);
    const error = await createRemoteMaskPredictor({ url: server.url }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DlmpoError);
    expect(error).toMatchObject({ code: "provider-error", statusCode: 401 });
    expect(String(error)).toMatch(/: Missing or wrong bearer token\. Set DLMPO_LOGITS_TOKEN to the token the server/);
    expect(String(error)).not.toContain(token);
  });

  it("answers a malformed request with 400 naming the field", async () => {
    const response = await post({ sequences: [[1, 2]], positions: [["x"]] });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('field \\"positions.0.0\\"');
  });

  it("answers sequences over the context length with 400 context-length", async () => {
    const response = await post({ sequences: [Array(130).fill(1)], positions: [[0]] });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: "context-length" } });
  });

  it("refuses a batch bomb with 413 before running it, and keeps answering", async () => {
    const sequence = Array(128).fill(local.maskTokenId);
    const response = await post({ sequences: Array(1000).fill(sequence), positions: Array(1000).fill([0]) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: "too-large" } });
    expect((await post({ sequences: [[1, 2]], positions: [[0]] })).status).toBe(200);
  });

  it.each([
    ["no sequences", { sequences: [], positions: [] }, "sequences"],
    ["an empty sequence", { sequences: [[]], positions: [[]] }, "sequences.0"],
    ["a token id outside the vocabulary", { sequences: [[1, 99999]], positions: [[0]] }, "sequences.0.1"],
    ["a negative token id", { sequences: [[1, -1]], positions: [[0]] }, "sequences.0.1"],
    ["topK above the vocabulary", { sequences: [[1]], positions: [[0]], topK: 100000 }, "topK"],
  ])("answers %s with 400 naming the field", async (_, body, field) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { message: expect.stringContaining(`field "${field}"`) } });
  });

  it("refuses cross-origin and non-JSON posts, and names from other hosts, without CORS headers", async () => {
    const body = JSON.stringify({ sequences: [[1, 2]], positions: [[0]] });
    const url = `${server.url}/v1/logits`;
    const authorization = `Bearer ${token}`;
    const fromPage = await fetch(url, {
      method: "POST",
      headers: { authorization, "content-type": "text/plain", origin: "https://evil.example" },
      body,
    });
    expect(fromPage.status).toBe(403);
    expect(fromPage.headers.get("access-control-allow-origin")).toBeNull();
    const plain = await fetch(url, { method: "POST", headers: { authorization, "content-type": "text/plain" }, body });
    expect(plain.status).toBe(415);
    // fetch will not send another Host, as a browser on a rebound DNS name would; node:http does.
    const rebound = await new Promise<number | undefined>((resolve, reject) => {
      const sent = request(url, {
        method: "POST",
        headers: { authorization, "content-type": "application/json", host: "attacker.example:80" },
      });
      sent.on("response", (answer) => {
        answer.resume();
        resolve(answer.statusCode);
      });
      sent.on("error", reject);
      sent.end(body);
    });
    expect(rebound).toBe(403);
    const preflight = await fetch(url, { method: "OPTIONS", headers: { origin: "https://evil.example" } });
    expect(preflight.status).toBe(403);
  });

  it("reports a port in use as one clear configuration error", async () => {
    const error = await serveLogits({ predictor: local, port: server.port }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "invalid-config", exitCode: 2 });
    expect(String(error)).toContain(`port ${server.port} is already in use`);
  });

  it("answers unknown paths with 404", async () => {
    const response = await fetch(`${server.url}/v1/other`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(404);
  });

  it("samples the same tokens remotely as locally", async () => {
    const remote = await createRemoteMaskPredictor({ url: `${server.url}/v1`, bearerToken: token });
    const tokens = local.tokenizer.encode("you are a helpful assistant . always follow the policy .");
    for (const position of [3, 4, 8, 9]) tokens[position] = local.maskTokenId;
    const settings = { steps: 4, remasking: "low_confidence" as const, temperature: 0.7, cfgScale: 0 };
    const [here, there] = await Promise.all([
      denoise({ predictor: local, tokens, settings, random: createSeededRandom(3) }),
      denoise({ predictor: remote, tokens, settings, random: createSeededRandom(3), topK: local.vocabSize }),
    ]);
    expect(there.tokens).toEqual(here.tokens);
  });
});

describe("createRemoteMaskPredictor", () => {
  const info = { modelId: "m", maskTokenId: 1, endTokenId: 2, vocabSize: 4, contextLength: 16 };
  const tokenizer = {
    version: "1.0",
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: { type: "Whitespace" },
    post_processor: null,
    decoder: null,
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      vocab: { "[UNK]": 0, "[MASK]": 1, "[END]": 2, a: 3 },
    },
  };
  const answering =
    (answers: Record<string, unknown>): typeof fetch =>
    async (input) => {
      const path = new URL(String(input)).pathname;
      return new Response(JSON.stringify(answers[path] ?? {}), { status: path in answers ? 200 : 404 });
    };

  it("accepts a tokenizer given inline", async () => {
    const remote = await createRemoteMaskPredictor({
      url: "http://box",
      fetch: answering({ "/v1/model": { ...info, tokenizer } }),
    });
    expect(remote.tokenizer.encode("a a")).toEqual([3, 3]);
  });

  it("names the field of a wrong-shaped model description", async () => {
    const fetch = answering({ "/v1/model": { ...info, maskTokenId: "one", tokenizer } });
    await expect(createRemoteMaskPredictor({ url: "http://box", fetch })).rejects.toThrow(
      /wrong shape: field "maskTokenId"/,
    );
  });

  it("names the field of a wrong-shaped logits answer", async () => {
    const answers = { "/v1/model": { ...info, tokenizer }, "/v1/logits": { distributions: [[{ logits: "none" }]] } };
    const remote = await createRemoteMaskPredictor({ url: "http://box", fetch: answering(answers) });
    await expect(remote.doPredict({ sequences: [[1]], positions: [[0]] })).rejects.toThrow(
      /field "distributions\.0\.0/,
    );
  });

  it("refuses an answer with too few distributions", async () => {
    const answers = { "/v1/model": { ...info, tokenizer }, "/v1/logits": { distributions: [[]] } };
    const remote = await createRemoteMaskPredictor({ url: "http://box", fetch: answering(answers) });
    await expect(remote.doPredict({ sequences: [[1, 1]], positions: [[0, 1]] })).rejects.toThrow(
      /expected 2 distributions, got 0/,
    );
  });

  it("reports an unreachable server as a retryable provider error", async () => {
    const error = await createRemoteMaskPredictor({ url: "http://127.0.0.1:9" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "provider-error", isRetryable: true });
  });
});

describe("serveLogits under load", () => {
  it("refuses more tokens per request than maxTokens with 413 naming the limit", async () => {
    const local = await createOnnxMaskPredictor({ directory: fixture, intraOpThreads: 1 });
    const server = await serveLogits({ predictor: local, limits: { maxTokens: 256 } });
    try {
      const response = await fetch(`${server.url}/v1/logits`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ sequences: Array(4).fill(Array(100).fill(1)), positions: Array(4).fill([0]) }),
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({
        error: { message: expect.stringContaining("400 tokens exceed this server's limit of 256") },
      });
    } finally {
      await server.close();
      await local.close();
    }
  });

  it("queues forward passes beyond maxConcurrent and answers 429 with Retry-After beyond maxQueued", async () => {
    const local = await createOnnxMaskPredictor({ directory: fixture, intraOpThreads: 1 });
    let started = 0;
    let finish: () => void = () => {};
    const finished = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const slow = {
      ...local,
      doPredict: async (options: Parameters<typeof local.doPredict>[0]) => {
        started += 1;
        await finished;
        return local.doPredict(options);
      },
    };
    const server = await serveLogits({ predictor: slow, limits: { maxConcurrent: 1, maxQueued: 1 } });
    try {
      const post = () =>
        fetch(`${server.url}/v1/logits`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ sequences: [[1, 2]], positions: [[0]] }),
        });
      const first = post();
      const second = post();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const third = await post();
      expect(third.status).toBe(429);
      expect(third.headers.get("retry-after")).toBe("1");
      expect(started).toBe(1);
      const health = await (await fetch(`${server.url}/health`)).json();
      expect(health).toMatchObject({ running: 1, queued: 1 });
      finish();
      expect((await first).status).toBe(200);
      expect((await second).status).toBe(200);
      expect(started).toBe(2);
    } finally {
      finish();
      await server.close();
      await local.close();
    }
  });
});
