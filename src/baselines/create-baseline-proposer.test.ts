import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { DiffusionSettings } from "../spec/proposer.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { startOpenAITestServer } from "../testing/openai-test-server.js";
import { baselineMethods, isBaselineMethod } from "./baseline-methods.js";
import { builtinPhrases } from "./builtin-phrases.js";
import { createBaselineProposer } from "./create-baseline-proposer.js";

const diffusion: DiffusionSettings = { steps: 16, remasking: "low_confidence", temperature: 0.5, cfgScale: 0 };

describe("createBaselineProposer", () => {
  it("creates a proposer for every listed method, asking for a model where one is needed", () => {
    const model = createOpenAICompatible({ baseURL: "http://127.0.0.1:9/v1", name: "test" }).chatModel("m");
    const ids = baselineMethods.map((descriptor) => {
      if (descriptor.needsModel)
        expect(() => createBaselineProposer({ method: descriptor.method })).toThrow(InvalidInputError);
      return createBaselineProposer({ method: descriptor.method, model }).id;
    });
    expect(ids).toEqual([
      "baseline:none",
      "baseline:random-edit",
      "ar-infill:test.chat:m",
      "ape:test.chat:m",
      "opro:test.chat:m",
      "gepa:test.chat:m",
    ]);
    expect(baselineMethods.find((descriptor) => descriptor.method === "gepa")?.parentSelection).toBe("frontier");
    expect(isBaselineMethod("opro")).toBe(true);
    expect(isBaselineMethod("dlm")).toBe(false);
  });

  it("makes `none` propose nothing", async () => {
    const result = await createBaselineProposer({ method: "none" }).propose({
      prompt: "Be brief.",
      maskedSpans: [{ start: 0, end: 9, slots: 4, strategy: "sentence" }],
      conditioning: "",
      count: 4,
      seed: 1,
      diffusion,
      runtime: createFakeRuntime(),
    });
    expect(result.candidates).toEqual([]);
  });

  it("fills random edits from the built-in phrases when no corpus or data dir is given", async () => {
    const result = await createBaselineProposer({ method: "random-edit" }).propose({
      prompt: "Be brief.",
      maskedSpans: [{ start: 0, end: 9, slots: 40, strategy: "sentence" }],
      conditioning: "",
      count: 3,
      seed: 2,
      diffusion,
      runtime: createFakeRuntime(),
    });
    for (const candidate of result.candidates) expect(builtinPhrases).toContain(candidate.prompt);
  });

  it("wires ar-infill as chat-infill over an autoregressive model without diffusion settings", async () => {
    const server = await startOpenAITestServer({
      respond: () => ({ text: '<fill id="1">Answer in one short line.</fill>' }),
    });
    try {
      const model = createOpenAICompatible({ baseURL: server.baseURL, name: "test" }).chatModel("ar");
      const proposer = createBaselineProposer({ method: "ar-infill", model });
      const result = await proposer.propose({
        prompt: "Be brief. Use {{labels}}.",
        maskedSpans: [{ start: 0, end: 9, slots: 8, strategy: "sentence" }],
        conditioning: "expected positive, got negative",
        count: 1,
        seed: 3,
        diffusion,
        runtime: createFakeRuntime(),
      });
      expect(result.candidates.map((candidate) => candidate.prompt)).toEqual([
        "Answer in one short line. Use {{labels}}.",
      ]);
      const body = JSON.stringify(server.requests[0]?.body);
      expect(body).toContain("[[1]]");
      expect(body).toContain("expected positive, got negative");
      expect(body).not.toContain('"steps"');
    } finally {
      await server.close();
    }
  });
});
