import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { wrapLanguageModel } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import type { DiffusionSettings, MaskedSpan } from "../spec/proposer.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { type OpenAITestServer, startOpenAITestServer } from "../testing/openai-test-server.js";
import { createChatInfillProposer } from "./create-chat-infill-proposer.js";

const prompt = "You are a support agent. Be brief. Sign every reply.";
const maskedSpans: MaskedSpan[] = [
  { start: 35, end: 52, slots: 8, strategy: "sentence" },
  { start: 25, end: 34, slots: 6, strategy: "sentence" },
];
const diffusion: DiffusionSettings = {
  steps: 32,
  remasking: "low_confidence",
  temperature: 0,
  cfgScale: 0,
  blockLength: 8,
};

interface ChatBody {
  readonly messages: readonly { readonly role: string; readonly content: string }[];
  readonly [field: string]: unknown;
}

const bodyOf = (body: unknown): ChatBody => body as ChatBody; // The test server parsed the JSON chat request body.

let server: OpenAITestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function modelAt(baseURL: string) {
  return createOpenAICompatible({ name: "dlm", baseURL }).chatModel("llada-instruct");
}

describe("createChatInfillProposer", () => {
  it("shows spans as markers in text order and maps fills back to the caller's span order", async () => {
    server = await startOpenAITestServer({
      respond: () => ({ text: '<fill id="1">Answer in two sentences.</fill>\n<fill id="2">Never sign.</fill>' }),
    });
    const proposer = createChatInfillProposer({ model: modelAt(server.baseURL) });
    const result = await proposer.propose({
      prompt,
      maskedSpans,
      conditioning: "expected short answer, got 300 words",
      count: 1,
      seed: 5,
      diffusion,
      runtime: createFakeRuntime(),
    });
    const user = bodyOf(server.requests[0]?.body).messages.at(-1)?.content ?? "";
    expect(user).toContain("You are a support agent. [[1]] [[2]]");
    expect(user).toContain("expected short answer, got 300 words");
    expect(result.candidates[0]?.fills).toEqual(["Never sign.", "Answer in two sentences."]);
    expect(result.candidates[0]?.prompt).toBe("You are a support agent. Answer in two sentences. Never sign.");
    expect(result.candidates[0]?.cost).toEqual({ calls: 1 });
  });

  it("retries once with a corrective message when markers are missing", async () => {
    server = await startOpenAITestServer({
      respond: (request) =>
        bodyOf(request.body).messages.length <= 2
          ? { text: '<fill id="1">Be kind.</fill>' }
          : { text: '<fill id="2">Be terse.</fill>' },
    });
    const proposer = createChatInfillProposer({ model: modelAt(server.baseURL) });
    const result = await proposer.propose({
      prompt,
      maskedSpans,
      conditioning: "",
      count: 1,
      seed: 1,
      diffusion,
      runtime: createFakeRuntime(),
    });
    expect(server.requests).toHaveLength(2);
    const retry = bodyOf(server.requests[1]?.body).messages;
    expect(retry.at(-2)).toEqual({ role: "assistant", content: '<fill id="1">Be kind.</fill>' });
    expect(retry.at(-1)?.content).toMatch(/no <fill> for \[\[2\]\]/);
    expect(result.candidates[0]?.prompt).toBe("You are a support agent. Be kind. Be terse.");
    expect(result.candidates[0]?.cost).toEqual({ calls: 2 });
  });

  it("drops a candidate whose answer still lacks fills, with a warning", async () => {
    server = await startOpenAITestServer({ respond: () => ({ text: "No." }) });
    const proposer = createChatInfillProposer({ model: modelAt(server.baseURL) });
    const result = await proposer.propose({
      prompt,
      maskedSpans,
      conditioning: "",
      count: 2,
      seed: 1,
      diffusion,
      runtime: createFakeRuntime(),
    });
    expect(result.candidates).toEqual([]);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toMatch(/\[\[1\]\], \[\[2\]\]/);
  });

  it("passes diffusion settings and a per-candidate seed to the server", async () => {
    server = await startOpenAITestServer({ respond: () => ({ text: '<fill id="1">A.</fill><fill id="2">B.</fill>' }) });
    const sampleIndices: unknown[] = [];
    const model = wrapLanguageModel({
      model: modelAt(server.baseURL),
      middleware: {
        specificationVersion: "v3",
        transformParams: async ({ params }) => {
          sampleIndices.push(params.providerOptions?.dlmpo?.sampleIndex);
          return params;
        },
      },
    });
    const proposer = createChatInfillProposer({ model, providerOptions: { dlm: { top_k: 5 } } });
    const result = await proposer.propose({
      prompt,
      maskedSpans,
      conditioning: "",
      count: 3,
      seed: 10,
      diffusion,
      runtime: createFakeRuntime(),
    });
    expect(result.candidates).toHaveLength(3);
    const bodies = server.requests.map((request) => bodyOf(request.body));
    expect(bodies.map((body) => body.seed).sort()).toEqual([10, 11, 12]);
    expect(sampleIndices.sort()).toEqual([0, 1, 2]);
    expect(bodies[0]).toMatchObject({
      steps: 32,
      block_length: 8,
      remasking: "low_confidence",
      cfg_scale: 0,
      top_k: 5,
    });
  });
});
