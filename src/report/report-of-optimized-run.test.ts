import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { createRandomEditProposer } from "../baselines/create-random-edit-proposer.js";
import { optimize } from "../optimizer/optimize.js";
import { openSqliteStore } from "../store/open-sqlite-store.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { createKeywordTask } from "../testing/keyword-task.js";
import { renderHtmlReport } from "./render-html-report.js";
import { renderMarkdownSummary } from "./render-markdown-summary.js";
import { summarizeRun } from "./summarize-run.js";

// The report against the real optimizer's events: a random-edit baseline run on a task that rewards one word.
describe("report of a real optimizer run", () => {
  it("shows the accepted lineage, the diff to the best prompt and the flips", async () => {
    const store = openSqliteStore({ path: ":memory:" });
    try {
      const outcome = await optimize({
        task: createKeywordTask({ keyword: "carefully", sizes: { train: 20, dev: 30, test: 9 } }),
        target: new MockLanguageModelV3({ provider: "test", modelId: "target" }),
        proposer: createRandomEditProposer({ phrases: ["Think carefully.", "Be quick.", "Use plain words."] }),
        runtime: createFakeRuntime(),
        store,
        seed: 3,
        rounds: 4,
        candidatesPerRound: 4,
        trainMinibatch: 6,
        devSize: 30,
        testSize: 9,
        halvingInitialExamples: 6,
        spanStrategies: { sentence: 1 },
      });
      if (outcome.kind !== "run") throw new Error("expected a run");
      const record = store.getRun(outcome.runId);
      if (record === undefined) throw new Error("run not stored");
      const run = { run: record, events: store.listEvents(outcome.runId), results: store.listResults(outcome.runId) };
      const summary = summarizeRun(run);
      expect(summary.bestPrompt).toContain("carefully");
      expect(summary.acceptedChanges.length).toBeGreaterThan(0);
      expect(summary.acceptedChanges.at(-1)?.after).toBe(summary.bestPrompt);
      expect(summary.candidates.filter((candidate) => candidate.status === "accepted").length).toBe(
        summary.acceptedChanges.length,
      );
      const dev = summary.comparisons.find((comparison) => comparison.split === "dev");
      expect(dev?.best?.value).toBe(1);
      expect(dev?.seed?.value).toBeCloseTo(10 / 30);
      expect(summary.flips.find((set) => set.split === "dev")?.wrongToRight).toHaveLength(20);
      // Seed and final on the same 9 test examples: the seed's 3 right stay right, the 6 others flip.
      const test = summary.comparisons.find((comparison) => comparison.split === "test");
      expect(test?.seed?.value).toBeCloseTo(3 / 9);
      expect(test?.best?.value).toBe(1);
      expect(summary.testComparison).toMatchObject({ examples: 9, test: "mcnemar" });
      expect(summary.testComparison?.pValue).toBeCloseTo(2 / 64, 12);
      const html = renderHtmlReport(run);
      expect(html).toMatch(/<mark class="fill">[^<]*carefully/);
      expect(html).toContain("Final − seed on the same 9 test examples: +0.667");
      expect(renderMarkdownSummary(run)).toContain("carefully");
    } finally {
      store.close();
    }
  });
});
