import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { MaskedSpan, ProposeOptions } from "../spec/proposer.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { createRandomEditProposer } from "./create-random-edit-proposer.js";
import { corpusPathOf, loadCorpusPhrases } from "./load-corpus-phrases.js";

const prompt = "You are a careful assistant. Answer in one word. Use the label set {{labels}}.";
const span = (text: string, strategy = "sentence"): MaskedSpan => {
  const start = prompt.indexOf(text);
  return { start, end: start + text.length, slots: 6, strategy };
};
const phrases = ["Think before you answer.", "Be concise and exact in every reply you give to the user.", "Stay calm."];
const options = (seed: number, maskedSpans: readonly MaskedSpan[]): ProposeOptions => ({
  prompt,
  maskedSpans,
  conditioning: "",
  count: 4,
  seed,
  diffusion: { steps: 8, remasking: "low_confidence", temperature: 0, cfgScale: 0 },
  runtime: createFakeRuntime(),
});

const folder = mkdtempSync(join(tmpdir(), "dlmpo-corpus-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("createRandomEditProposer", () => {
  it("fills each span with a corpus phrase cut to the span's slots, the same way for the same seed", async () => {
    const proposer = createRandomEditProposer({ phrases });
    const spans = [span("Answer in one word.")];
    const first = await proposer.propose(options(5, spans));
    const again = await proposer.propose(options(5, spans));
    const other = await proposer.propose(options(6, spans));
    expect(first).toEqual(again);
    expect(first.candidates.map((c) => c.prompt)).not.toEqual(other.candidates.map((c) => c.prompt));
    expect(first.candidates).toHaveLength(4);
    for (const candidate of first.candidates) {
      const fill = candidate.fills[0] ?? "";
      expect(fill.split(" ").length).toBeLessThanOrEqual(5);
      expect(phrases.some((phrase) => phrase.includes(fill))).toBe(true);
      expect(candidate.prompt).toContain("{{labels}}");
      expect(candidate.prompt.startsWith("You are a careful assistant. ")).toBe(true);
    }
  });

  it("empties some delete spans and gives each candidate its own draw", async () => {
    const proposer = createRandomEditProposer({ phrases });
    const result = await proposer.propose({
      ...options(1, [span("You are a careful assistant.", "delete")]),
      count: 16,
    });
    const fills = result.candidates.map((candidate) => candidate.fills[0]);
    expect(fills).toContain("");
    expect(fills.some((fill) => fill !== "")).toBe(true);
    expect(new Set(result.candidates.map((candidate) => candidate.prompt)).size).toBeGreaterThan(1);
  });

  it("refuses an empty phrase list", () => {
    expect(() => createRandomEditProposer({ phrases: [" "] })).toThrow(InvalidInputError);
  });
});

describe("loadCorpusPhrases", () => {
  it("splits prompts into usable sentences and drops duplicates and protected syntax", () => {
    const path = join(folder, "corpus.jsonl");
    const lines = [
      { prompt: "Act as a travel guide. Suggest three places to visit! Hi. Use {{city}} as the city." },
      { prompt: "Act as a travel guide. Keep every answer short and friendly?" },
    ];
    writeFileSync(path, `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`);
    expect(loadCorpusPhrases({ path })).toEqual([
      "Act as a travel guide.",
      "Suggest three places to visit!",
      "Keep every answer short and friendly?",
    ]);
  });

  it("names the file and line of a bad record, and reports a missing file as not found", () => {
    const path = join(folder, "bad.jsonl");
    writeFileSync(path, `${JSON.stringify({ prompt: "One two three." })}\n{"prompt": 3}\n`);
    expect(() => loadCorpusPhrases({ path })).toThrow(/bad\.jsonl, line 2, field "prompt"/);
    expect(() => loadCorpusPhrases({ path: join(folder, "missing.jsonl") })).toThrow(DlmpoError);
  });

  const shared = corpusPathOf({ dataDir: join(process.cwd(), "..", "shared", "data") });
  it.skipIf(!existsSync(shared))("reads thousands of sentences from the shared system-prompt corpus", () => {
    const sentences = loadCorpusPhrases({ path: shared });
    expect(sentences.length).toBeGreaterThan(2000);
    expect(sentences.every((sentence) => !sentence.includes("{{"))).toBe(true);
  });
});
