import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { afterEach, describe, expect, it } from "vitest";
import type { ProposeOptions } from "../spec/proposer.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { type OpenAITestServer, startOpenAITestServer } from "../testing/openai-test-server.js";
import type { ScriptedReply, TestServerRequest } from "../testing/openai-test-server-replies.js";
import { createApeProposer } from "./create-ape-proposer.js";
import { createGepaProposer } from "./create-gepa-proposer.js";
import { createOproProposer } from "./create-opro-proposer.js";

const seedPrompt = "Label the review as positive or negative.\nReview: {{text}}";
const conditioning = 'query: "a dull film" | response: "positive" | expected: "negative" | feedback: expected negative';

let server: OpenAITestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function modelAnswering(respond: (request: TestServerRequest) => ScriptedReply) {
  server = await startOpenAITestServer({ respond });
  return createOpenAICompatible({ baseURL: server.baseURL, name: "test" }).chatModel("m");
}

/** The system and user texts of a recorded chat request. */
function messagesOf(request: TestServerRequest | undefined): { system: string; user: string; seed: unknown } {
  // The test server records the parsed JSON body of an OpenAI chat request.
  const body = request?.body as { messages: { role: string; content: string }[]; seed?: unknown };
  const text = (role: string) => body.messages.find((message) => message.role === role)?.content ?? "";
  return { system: text("system"), user: text("user"), seed: body.seed };
}

const proposeOptions = (overrides: Partial<ProposeOptions> = {}): ProposeOptions => ({
  prompt: seedPrompt,
  maskedSpans: [{ start: 0, end: 10, slots: 4, strategy: "sentence" }],
  conditioning,
  count: 3,
  seed: 100,
  diffusion: { steps: 8, remasking: "low_confidence", temperature: 0, cfgScale: 0 },
  runtime: createFakeRuntime(),
  ...overrides,
});

describe("createApeProposer", () => {
  it("induces instructions from the examples, resamples the current prompt, and keeps placeholders", async () => {
    let calls = 0;
    const model = await modelAnswering(() => {
      calls += 1;
      return { text: `Sure.\n<prompt>Instruction ${calls}: say negative for dull films.\nReview: {{text}}</prompt>` };
    });
    const result = await createApeProposer({ model }).propose(proposeOptions());
    expect(result.warnings).toEqual([]);
    expect(result.candidates).toHaveLength(3);
    for (const candidate of result.candidates) {
      expect(candidate.prompt).toMatch(/^Instruction \d: say negative for dull films\.\nReview: \{\{text\}\}$/);
      expect(candidate.maskedSpans.map((span) => span.strategy)).toEqual(["rewrite"]);
      expect(candidate.fills[0]).toMatch(/^Instruction \d: say negative for dull films\.\nReview: $/);
    }
    const requests = server?.requests.map(messagesOf) ?? [];
    const induction = requests.filter((request) => request.user.includes("## Examples"));
    const resample = requests.filter((request) => request.user.includes("Write a variation"));
    expect(induction).toHaveLength(2);
    expect(resample).toHaveLength(1);
    expect(induction[0]?.user).toContain(conditioning);
    expect(resample[0]?.user).toContain(seedPrompt);
    expect(requests.every((request) => request.user.includes("<part>{{text}}</part>"))).toBe(true);
    expect(requests.map((request) => request.seed).sort()).toEqual([100, 101, 102]);
  });

  it("drops rewrites that lose a placeholder or have no <prompt> block", async () => {
    const model = await modelAnswering((request) =>
      messagesOf(request).seed === 100 ? { text: "<prompt>Just label it.</prompt>" } : { text: "Just label it." },
    );
    const result = await createApeProposer({ model }).propose(proposeOptions({ count: 2 }));
    expect(result.candidates).toEqual([]);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings.join(" ")).toContain("{{text}}");
    expect(result.warnings.join(" ")).toContain("no <prompt> block");
  });
});

describe("createOproProposer", () => {
  it("lists the distinct scored prompts in ascending order of their best score", async () => {
    const model = await modelAnswering(() => ({ text: "<prompt>Better prompt.\nReview: {{text}}</prompt>" }));
    const history = [
      { prompt: "Prompt A", score: 0.7 },
      { prompt: "Prompt B", score: 0.4 },
      { prompt: "Prompt A", score: 0.6 },
      { prompt: seedPrompt, score: 0.55 },
    ];
    const result = await createOproProposer({ model }).propose(proposeOptions({ count: 2, history }));
    expect(result.candidates.map((candidate) => candidate.prompt)).toEqual([
      "Better prompt.\nReview: {{text}}",
      "Better prompt.\nReview: {{text}}",
    ]);
    const { user, system } = messagesOf(server?.requests[0]);
    expect(system).toContain("<prompt>");
    const b = user.indexOf("Prompt B\n</prompt>\nscore: 40.0");
    const seed = user.indexOf(`${seedPrompt}\n</prompt>\nscore: 55.0`);
    const a = user.indexOf("Prompt A\n</prompt>\nscore: 70.0");
    expect(b).toBeGreaterThan(-1);
    expect(seed).toBeGreaterThan(b);
    expect(a).toBeGreaterThan(seed);
    expect(user).not.toContain("score: 60.0");
    expect(user).toContain(conditioning);
  });

  it("shows the current prompt unscored when there is no history", async () => {
    const model = await modelAnswering(() => ({ text: "<prompt>Other.\nReview: {{text}}</prompt>" }));
    await createOproProposer({ model }).propose(proposeOptions({ count: 1 }));
    expect(messagesOf(server?.requests[0]).user).toContain(`${seedPrompt}\n</prompt>\nscore: not scored yet`);
  });
});

describe("createGepaProposer", () => {
  it("reflects on the failures, then rewrites the prompt from the diagnosis", async () => {
    const model = await modelAnswering((request) => {
      const { user } = messagesOf(request);
      if (user.includes("Diagnose the failures"))
        return { text: "<diagnosis>The prompt never says that dull means negative.</diagnosis>" };
      return { text: "<prompt>Label the review. Dull or boring means negative.\nReview: {{text}}</prompt>" };
    });
    const result = await createGepaProposer({ model }).propose(proposeOptions({ count: 2 }));
    expect(result.candidates).toHaveLength(2);
    expect(result.candidates[0]?.prompt).toBe("Label the review. Dull or boring means negative.\nReview: {{text}}");
    expect(result.candidates[0]?.cost.calls).toBe(2);
    const requests = server?.requests.map(messagesOf) ?? [];
    expect(requests).toHaveLength(4);
    const reflection = requests.find((request) => request.user.includes("Diagnose the failures"));
    const rewrite = requests.find((request) => request.user.includes("## Diagnosis of its failures"));
    expect(reflection?.user).toContain(conditioning);
    expect(reflection?.user).toContain(seedPrompt);
    expect(rewrite?.user).toContain("The prompt never says that dull means negative.");
    expect(rewrite?.user).toContain("<part>{{text}}</part>");
  });
});
