import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenAITestServer, startOpenAITestServer } from "../../testing/openai-test-server.js";
import type { TestServerRequest } from "../../testing/openai-test-server-replies.js";
import { loopFlags } from "./loop-flags.test-support.js";
import { runDlmpoBinary } from "./run-dlmpo-binary.js";

// A scripted diffusion chat server that does what such servers do with mask tokens in the message text: it fills its
// own mask token (`<|mask|>`) and nothing else. It never writes <fill> tags of its own, so only the matching gap style
// works.
const root = join(import.meta.dirname, "..", "..", "..");
const maskToken = "<|mask|>";
let server: OpenAITestServer;
let folder = "";

interface ChatBody {
  readonly model: string;
  readonly messages: readonly { readonly role: string; readonly content: unknown }[];
  readonly [field: string]: unknown;
}

const bodyOf = (request: TestServerRequest): ChatBody => request.body as ChatBody; // the server parsed the JSON body

function respond(request: TestServerRequest): { text: string } {
  const body = bodyOf(request);
  const last = body.messages.at(-1)?.content;
  const text = typeof last === "string" ? last : JSON.stringify(last);
  if (body.model === "target") {
    const system = JSON.stringify(body.messages[0]?.content ?? "");
    const truth = text.includes("negative vibes") ? "negative" : "positive";
    return { text: system.includes("carefully") ? truth : "positive" };
  }
  const runs = new RegExp(`(?:${maskToken.replace(/[|]/g, "\\|")})+`, "g");
  // What it denoised is the message's text with the masks filled; a message without its mask token gives it nothing to do.
  return { text: runs.test(text) ? text.replace(runs, "Think carefully.") : "(nothing to fill)" };
}

beforeAll(async () => {
  if (!existsSync(join(root, "dist", "cli", "main.js")))
    throw new Error("dist/ is missing: run `npm run build` first.");
  server = await startOpenAITestServer({ respond });
  folder = mkdtempSync(join(tmpdir(), "dlmpo-chat-dlm-"));
  for (const [split, size] of [
    ["train", 8],
    ["dev", 60],
    ["test", 6],
  ] as const) {
    const lines = Array.from({ length: size }, (_, index) => {
      const label = index % 3 === 0 ? "negative" : "positive";
      return JSON.stringify({ id: `${split}-${index}`, text: `review ${index}: ${label} vibes`, label });
    });
    writeFileSync(join(folder, `${split}.jsonl`), `${lines.join("\n")}\n`);
  }
  writeFileSync(join(folder, "seed.txt"), "Classify the review. Be quick about it. Answer with one label.");
});
afterAll(async () => {
  await server.close();
});

const optimize = (dlm: string, ...extra: string[]) =>
  runDlmpoBinary({
    args: [
      "optimize",
      "--task",
      join(folder, "{split}.jsonl"),
      "--labels",
      "negative,positive",
      "--prompt",
      "seed.txt",
      "--target",
      `openai-compatible:${server.baseURL}#target`,
      "--dlm",
      dlm,
      ...loopFlags({ rounds: 2, candidates: 2, trainMinibatch: 4, devSize: 60, testSize: 6 }),
      "--strategies",
      "sentence=1",
      "--store",
      join(folder, `${dlm.length}-${extra.join("")}.sqlite`),
      "--json",
      ...extra,
    ],
    cwd: folder,
  });

describe("chat DLMs through dlmpo optimize", () => {
  it("improves the prompt with a DLM that only fills its own mask tokens, through --gap-style mask-token", async () => {
    const result = await optimize(`sglang:${server.baseURL}#llada2-mini`, "--gap-style", "mask-token");
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout) as { bestPrompt: string; devScore: number }; // printed by --json
    expect(output.bestPrompt).toContain("Think carefully.");
    expect(output.devScore).toBe(1);
    expect(result.stderr).not.toContain("AR-infill baseline");
    expect(result.stderr).not.toContain("was dropped");
  });

  it("gets nothing from the same DLM with numbered gaps, and says which gap style to try", async () => {
    const result = await optimize(`sglang:${server.baseURL}#llada2-mini`);
    expect(result.stderr).toContain("--gap-style mask-token");
    if (result.code === 0) expect(JSON.parse(result.stdout).bestPrompt).not.toContain("Think carefully.");
  });

  it("says once that a chat model not known to be a diffusion LM is the AR-infill baseline", async () => {
    const result = await optimize(`chat:openai-compatible:${server.baseURL}#gpt-4o-mini`, "--rounds", "0");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.match(/AR-infill baseline/g)).toHaveLength(1);
    expect(result.stderr).toContain("--method ar-infill");
  });

  it("sends a NeMo LLaDA server only the diffusion fields it reads and warns about the rest", async () => {
    const before = server.requests.length;
    await optimize(
      `nemo:${server.baseURL}#llada-8b-instruct`,
      "--gap-style",
      "mask-token",
      "--mask-token",
      maskToken,
      "--rounds",
      "1",
    );
    const proposals = server.requests
      .slice(before)
      .map(bodyOf)
      .filter((body) => body.model === "llada-8b-instruct");
    expect(proposals.length).toBeGreaterThan(0);
    for (const body of proposals) {
      expect(body).toMatchObject({ steps: expect.any(Number), remasking: "low_confidence" });
      expect(body).not.toHaveProperty("diffusion_temperature");
    }
  });
});
