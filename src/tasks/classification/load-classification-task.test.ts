import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import { createFakeRuntime } from "../../testing/fake-runtime.js";
import { type OpenAITestServer, startOpenAITestServer } from "../../testing/openai-test-server.js";
import { loadClassificationTask } from "./load-classification-task.js";

let dataDir = "";
let server: OpenAITestServer;
const lines = (rows: readonly unknown[]): string => `${rows.map((row) => JSON.stringify(row)).join("\n")}\n`;
const writeData = (relative: string, text: string): string => {
  const file = join(dataDir, relative);
  mkdirSync(join(file, ".."), { recursive: true });
  writeFileSync(file, text);
  return file;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "dlmpo-classification-"));
  writeData(
    "classification/sst2/dev.jsonl",
    lines([
      { id: "d0", text: "a great film", label: "positive" },
      { id: "d1", text: "a dull mess", label: "negative" },
    ]),
  );
  writeData(
    "classification/mrpc/dev.jsonl",
    lines([{ id: "m0", sentence1: "A cat sat.", sentence2: "A cat was sitting.", label: "equivalent" }]),
  );
  // The scripted model reads the review and answers in a chatty way, as real models do.
  server = await startOpenAITestServer({
    respond: (request) => {
      const text = JSON.stringify(request.body);
      if (text.includes("great")) return { text: 'Sentiment: "Positive".' };
      if (text.includes("dull")) return { text: "I am not sure." };
      return { text: "They are equivalent." };
    },
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const targetOf = () => createOpenAICompatible({ name: "test", baseURL: server.baseURL }).chatModel("test-model");

describe("loadClassificationTask", () => {
  it("loads a built-in split and scores rollouts with feedback lines", async () => {
    const task = await loadClassificationTask({ name: "sst2", dataDir });
    const examples = await task.loadSplit("dev");
    expect(examples.map((example) => [example.id, example.expected])).toEqual([
      ["d0", "positive"],
      ["d1", "negative"],
    ]);
    const runtime = createFakeRuntime();
    const traces = await Promise.all(
      examples.map((example) => task.rollout({ systemPrompt: task.seedPrompt, example, target: targetOf(), runtime })),
    );
    expect(traces[0]).toMatchObject({
      exampleId: "d0",
      input: "Review: a great film",
      output: 'Sentiment: "Positive".',
      score: 1,
      expected: "positive",
      feedback: 'expected positive, got positive (answer: "Sentiment: "Positive".")',
    });
    expect(traces[1]?.score).toBe(0);
    expect(traces[1]?.feedback).toBe(
      'expected negative, got no label (no label in the answer (labels: negative, positive)) (answer: "I am not sure.")',
    );
    const request = server.requests.at(-1)?.body;
    expect(JSON.stringify(request)).toContain(task.seedPrompt);
    expect(request).toMatchObject({ temperature: 0 });
    const [accuracy, f1] = task.summarize(traces);
    expect(accuracy).toMatchObject({ name: "accuracy", value: 0.5 });
    expect(f1?.name).toBe("macro-f1");
  });

  it("renders the pair template of mrpc", async () => {
    const task = await loadClassificationTask({ name: "mrpc", dataDir });
    const [example] = await task.loadSplit("dev");
    if (example === undefined) throw new Error("no example");
    const trace = await task.rollout({ systemPrompt: "p", example, target: targetOf(), runtime: createFakeRuntime() });
    expect(trace.input).toBe("Sentence 1: A cat sat.\nSentence 2: A cat was sitting.");
    expect(trace.score).toBe(1);
  });

  it("reads any JSONL file with a template and infers its labels", async () => {
    const file = writeData(
      "custom/tickets.jsonl",
      lines([
        { subject: "refund", body: "money back", label: "billing" },
        { subject: "crash", body: "app dies", label: "bug" },
        { subject: "invoice", body: "wrong total", label: "billing" },
      ]),
    );
    const task = await loadClassificationTask({ name: file, dataDir, template: "{subject}: {body}" });
    expect(task.labels).toEqual(["billing", "bug"]);
    expect(task.seedPrompt).toContain("billing or bug");
    const examples = await task.loadSplit("test");
    expect(examples.map((example) => example.id)).toEqual([
      "jsonl:tickets-test-1",
      "jsonl:tickets-test-2",
      "jsonl:tickets-test-3",
    ]);
  });

  it("names the file when the data file is missing", async () => {
    const task = await loadClassificationTask({ name: "sst5", dataDir });
    await expect(task.loadSplit("dev")).rejects.toThrow(/sst5[/\\]dev\.jsonl: data file not found/);
  });

  it("names file and line of a malformed JSONL line", async () => {
    const file = writeData("bad/malformed.jsonl", `${lines([{ text: "ok", label: "a" }])}{"text": "broken",\n`);
    const task = await loadClassificationTask({ name: file, dataDir, labels: ["a", "b"] });
    const failure = task.loadSplit("dev");
    await expect(failure).rejects.toBeInstanceOf(InvalidInputError);
    await expect(failure).rejects.toThrow(/malformed\.jsonl, line 2: not valid JSON/);
  });

  it("names file, line and field of an unknown label", async () => {
    const file = writeData(
      "bad/unknown.jsonl",
      lines([
        { text: "ok", label: "a" },
        { text: "hm", label: "maybe" },
      ]),
    );
    const task = await loadClassificationTask({ name: file, dataDir, labels: ["a", "b"] });
    await expect(task.loadSplit("dev")).rejects.toThrow(
      /unknown\.jsonl, line 2, field "label": unknown label "maybe" \(expected one of: a, b\)/,
    );
  });

  it("names the field a template needs and an example lacks", async () => {
    const file = writeData("bad/fields.jsonl", lines([{ title: "x", label: "a" }]));
    const task = await loadClassificationTask({ name: file, dataDir, labels: ["a"] });
    await expect(task.loadSplit("dev")).rejects.toThrow(/fields\.jsonl, line 1, field "text": missing/);
  });

  it("rejects an unknown task name and a split the set lacks", async () => {
    await expect(loadClassificationTask({ name: "imdb", dataDir })).rejects.toThrow(
      /field "task": unknown task "imdb"/,
    );
    const snli = await loadClassificationTask({ name: "snli", dataDir });
    await expect(snli.loadSplit("train")).rejects.toThrow(/snli has no train split/);
  });
});
