import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveModel } from "../models/resolve-model.js";
import { createRuntime, createStreamLogger } from "../runtime/create-runtime.js";
import type { CallCache } from "../spec/call-cache.js";
import { openSqliteStore } from "../store/open-sqlite-store.js";
import { type OpenAITestServer, startOpenAITestServer } from "../testing/openai-test-server.js";
import { loadClassificationTask } from "./classification/load-classification-task.js";
import { evaluatePrompt } from "./evaluate-prompt.js";

let folder = "";
let server: OpenAITestServer;
const words = ["fine", "awful", "lovely", "dreadful", "odd"];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "dlmpo-faults-"));
  mkdirSync(join(folder, "classification", "sst2"), { recursive: true });
  const rows = Array.from({ length: 60 }, (_, index) => ({
    id: `x${index}`,
    text: `${words[index % words.length]} film number ${index}`,
    label: index % 2 === 0 ? "positive" : "negative",
  }));
  writeFileSync(join(folder, "classification", "sst2", "dev.jsonl"), rows.map((row) => JSON.stringify(row)).join("\n"));
  server = await startOpenAITestServer({
    respond: (request) => {
      const body = JSON.stringify(request.body);
      if (/fine|lovely/.test(body)) return { text: "Positive." };
      if (/awful|dreadful/.test(body)) return { text: "negative" };
      return { text: "hmm" };
    },
  });
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

describe("evaluatePrompt through the real models layer", () => {
  it("reaches the fault-free accuracy under 20% 429s and 10% 500s, then answers from the cache", async () => {
    const runtime = createRuntime({ logger: createStreamLogger({ level: "error", write: () => undefined }) });
    const task = await loadClassificationTask({ name: "sst2", dataDir: folder });
    const examples = await task.loadSplit("dev");
    const evaluate = async (cache: CallCache | undefined) => {
      const { model, meter } = resolveModel({
        spec: `openai-compatible:${server.baseURL}#test-model`,
        runtime,
        cache,
        concurrency: 8,
        retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetries: 12 },
      });
      const result = await evaluatePrompt({ task, prompt: task.seedPrompt, examples, target: model, runtime });
      return { accuracy: result.metrics[0]?.value, usage: meter.snapshot().total };
    };

    const clean = await evaluate(undefined);
    server.setFaults({ seed: 7, rateLimit: 0.2, serverError: 0.1, retryAfter: 0 });
    const store = openSqliteStore({ path: join(folder, "store.sqlite") });
    const faulty = await evaluate(store);
    const requestsBefore = server.requestCount;
    const cached = await evaluate(store);
    store.close();

    expect(clean.accuracy).toBeCloseTo(24 / 60);
    expect(faulty.accuracy).toBe(clean.accuracy);
    expect(faulty.usage.retries).toBeGreaterThan(0);
    expect(faulty.usage.calls).toBe(60);
    expect(cached.accuracy).toBe(clean.accuracy);
    expect(cached.usage).toMatchObject({ calls: 0, cachedCalls: 60 });
    expect(server.requestCount).toBe(requestsBefore);
  });
});
