import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createOnnxMaskPredictor } from "../diffusion/create-onnx-mask-predictor.js";
import { serveLogits } from "../diffusion/serve-logits.js";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import { createUsageMeter } from "../models/usage-meter.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { startOpenAITestServer } from "../testing/openai-test-server.js";
import { expectSameFills } from "./expect-same-fills.test-support.js";
import { resolveProposer } from "./resolve-proposer.js";

const cwd = fileURLToPath(new URL("../..", import.meta.url));
const runtime = createFakeRuntime();

describe("resolveProposer", () => {
  it("loads an ONNX model directory relative to cwd as a native proposer", async () => {
    const resolved = await resolveProposer({ spec: "onnx:test/fixtures/tiny-mlm", runtime, cwd });
    try {
      expect(resolved.proposer.id).toBe("native:tiny-mlm-fixture");
      expect(resolved.predictor?.contextLength).toBe(128);
      expect(resolved.proposer.conditioningBudgetChars).toBe(256);
    } finally {
      await resolved.close();
    }
  });

  it("loads the built-in proposer model (models/builtin-dlm), not the built-in target's model", async () => {
    const modelId = (directory: string): unknown =>
      JSON.parse(readFileSync(`${cwd}/models/${directory}/config.json`, "utf8")).modelId;
    // The gate is tested with the proposer; here every candidate the model writes is wanted.
    const resolved = await resolveProposer({ spec: "builtin", runtime, cwd, fluencyGate: false });
    try {
      expect(resolved.proposer.id).toBe(`native:${String(modelId("builtin-dlm"))} endTokenBias=-1`);
      expect(resolved.proposer.id).not.toBe(`native:${String(modelId("builtin"))}`);
      const result = await resolved.proposer.propose({
        prompt: "Classify the sentiment of the movie review. Answer with exactly one word: positive or negative.",
        maskedSpans: [{ start: 0, end: 44, slots: 8, strategy: "sentence" }],
        conditioning: "",
        count: 2,
        seed: 1,
        diffusion: { steps: 8, remasking: "low_confidence", temperature: 1, cfgScale: 0 },
        runtime,
      });
      expect(result.candidates).toHaveLength(2);
      // With the end-token bias the first sentence is rewritten, not deleted.
      for (const candidate of result.candidates) expect(candidate.fills[0]).not.toBe("");
      expect(result.candidates[0]?.prompt.endsWith("Answer with exactly one word: positive or negative.")).toBe(true);
    } finally {
      await resolved.close();
    }
  });

  it("proposes through a remote logits server with top-k distributions, with the bearer token from the environment", async () => {
    const predictor = await createOnnxMaskPredictor({ directory: `${cwd}/test/fixtures/tiny-mlm` });
    const server = await serveLogits({ predictor, host: "127.0.0.1", port: 0, bearerToken: "t0ken" });
    try {
      const withToken = createFakeRuntime({ env: { DLMPO_LOGITS_TOKEN: "t0ken" } });
      const resolved = await resolveProposer({ spec: `remote:${server.url}`, runtime: withToken, cwd });
      const result = await resolved.proposer.propose({
        prompt: "you are a helpful assistant. answer briefly.",
        maskedSpans: [{ start: 29, end: 44, slots: 4, strategy: "sentence" }],
        conditioning: "",
        count: 2,
        seed: 1,
        diffusion: { steps: 4, remasking: "low_confidence", temperature: 1, cfgScale: 0 },
        runtime: withToken,
      });
      expect(resolved.proposer.id).toBe("native:tiny-mlm-fixture");
      expect(result.candidates).toHaveLength(2);
      expect(result.candidates[0]?.prompt.startsWith("you are a helpful assistant.")).toBe(true);
      const refused = await resolveProposer({ spec: `remote:${server.url}`, runtime, cwd }).catch(
        (caught: unknown) => caught,
      );
      expect(refused).toMatchObject({ code: "provider-error", statusCode: 401 });
    } finally {
      await server.close();
      await predictor.close();
    }
  });

  it("samples the same fills in process and through serve-logits for 20 seeds, with the model's end bias", async () => {
    const local = await resolveProposer({ spec: "builtin", runtime, cwd, fluencyGate: false });
    const predictor = await createOnnxMaskPredictor({ directory: `${cwd}/models/builtin-dlm`, intraOpThreads: 1 });
    const server = await serveLogits({ predictor });
    const remote = await resolveProposer({ spec: `remote:${server.url}`, runtime, cwd, fluencyGate: false });
    try {
      expect(remote.proposer.id).toBe(local.proposer.id);
      await expectSameFills({ here: local.proposer, there: remote.proposer, runtime });
    } finally {
      await Promise.all([local.close(), remote.close(), server.close()]);
      await predictor.close();
    }
  }, 120_000);

  it("makes chat and fim proposers without contacting anything", async () => {
    const chat = await resolveProposer({ spec: "chat:openai-compatible:http://127.0.0.1:9/v1#llada", runtime, cwd });
    expect(chat.proposer.id).toBe("chat:openai-compatible.chat:llada");
    const fim = await resolveProposer({ spec: "fim:http://127.0.0.1:9/v1#mercury-coder", runtime, cwd });
    expect(fim.proposer.id).toBe("fim:mercury-coder");
  });

  it("counts a chat DLM's calls and tokens on the meter it is given", async () => {
    const server = await startOpenAITestServer({ respond: () => ({ text: '<fill id="1">Be brief.</fill>' }) });
    try {
      const meter = createUsageMeter({ runtime });
      const resolved = await resolveProposer({
        spec: `chat:openai-compatible:${server.baseURL}#llada`,
        runtime,
        cwd,
        meter,
      });
      await resolved.proposer.propose({
        prompt: "you are a helpful assistant. answer briefly.",
        maskedSpans: [{ start: 29, end: 44, slots: 4, strategy: "sentence" }],
        conditioning: "",
        count: 2,
        seed: 1,
        diffusion: { steps: 4, remasking: "low_confidence", temperature: 1, cfgScale: 0 },
        runtime,
      });
      expect(resolved.meter).toBe(meter);
      expect(meter.snapshot().total.calls).toBe(2);
      expect(meter.snapshot().perModel?.["openai-compatible:llada"]?.inputTokens).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  it.each([
    ["gpu:llada", /is not a known DLM/],
    ["onnx:", /needs a model directory/],
    ["remote:ftp://x", /needs an http\(s\) URL/],
    ["fim:http://x/v1", /needs fim:<baseURL>#<model>/],
    ["chat:", /needs a model after chat:/],
    ["builtin:extra", /takes no argument/],
    ["mercury:", /needs mercury:<model>/],
    ["sglang:ftp://x#m", /needs sglang:<baseURL>#<model>/],
    ["nemo:http://x", /needs nemo:<baseURL>#<model>/],
  ])("rejects %s as invalid input on --dlm", async (spec, message) => {
    const error = await resolveProposer({ spec, runtime, cwd }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(String(error)).toMatch(/field "--dlm"/);
    expect(String(error)).toMatch(message);
  });
});
