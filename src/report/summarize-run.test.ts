import { describe, expect, it } from "vitest";
import type { StoredEvent } from "../spec/store.js";
import { createStoredRunFixture } from "../testing/stored-run-fixture.js";
import { summarizeRun } from "./summarize-run.js";

describe("summarizeRun", () => {
  it("derives candidate statuses, lineage steps and per-round scores from the events", () => {
    const fixture = createStoredRunFixture();
    const summary = summarizeRun(fixture);
    const statuses = Object.fromEntries(summary.candidates.map((candidate) => [candidate.prompt, candidate.status]));
    expect(statuses[fixture.seedPrompt]).toBe("seed");
    expect(statuses[fixture.bestPrompt]).toBe("accepted");
    expect(summary.candidates.filter((candidate) => candidate.status === "declined")).toHaveLength(1);
    // The duplicate proposal was rejected, but the earlier identical candidate stays accepted.
    expect(summary.candidates.filter((candidate) => candidate.status === "rejected")).toHaveLength(0);
    expect(summary.acceptedChanges.map((change) => change.fills[0])).toEqual(fixture.acceptedFills);
    expect(summary.acceptedChanges[1]?.after).toBe(fixture.bestPrompt);
    expect(summary.rounds.map((round) => [round.round, round.trainScore, round.devBestScore])).toEqual([
      [1, 0.5, 0.6],
      [2, 0.65, 0.75],
      [3, 0.8, 0.75],
    ]);
    expect(summary.bestHash).toBe(fixture.bestHash);
    expect(summary.stopReason).toBe("plateau");
  });

  it("compares seed and best per split with intervals and finds the flipped examples", () => {
    const summary = summarizeRun(createStoredRunFixture());
    const dev = summary.comparisons.find((comparison) => comparison.split === "dev");
    expect(dev?.seed?.value).toBe(0.5);
    expect(dev?.best?.value).toBe(0.75);
    expect(dev?.best?.count).toBe(20);
    expect(dev?.best?.low).toBeLessThan(0.75);
    expect(dev?.best?.high).toBeGreaterThan(0.75);
    expect(summary.comparisons.map((comparison) => comparison.split)).toEqual(["dev", "test"]);
    const test = summary.flips.find((set) => set.split === "test");
    expect(test?.wrongToRight).toHaveLength(10);
    expect(test?.rightToWrong.map((flip) => flip.exampleId)).toEqual([
      "test-002",
      "test-006",
      "test-010",
      "test-014",
      "test-018",
    ]);
  });

  it("reports spend per model, falling back to config model names when the run has no breakdown", () => {
    expect(summarizeRun(createStoredRunFixture()).spendRows.map((row) => [row.modelId, row.calls])).toEqual([
      ["openai:gpt-4o-mini", 120],
      ["builtin:dlm", 9],
    ]);
    const plain = summarizeRun(createStoredRunFixture({ withModelSpend: false }));
    expect(plain.spendRows).toEqual([
      { modelId: "openai:gpt-4o-mini", role: "target", calls: 120 },
      { modelId: "builtin:dlm", role: "dlm", calls: 9 },
    ]);
    const settings = { ...plain.run, config: { targetModelId: "openai:gpt-4.1", proposerId: "native:builtin" } };
    const fromSettings = summarizeRun({ ...createStoredRunFixture({ withModelSpend: false }), run: settings });
    expect(fromSettings.spendRows.map((row) => row.modelId)).toEqual(["openai:gpt-4.1", "native:builtin"]);
  });

  it("skips unknown event types and orders events by sequence", () => {
    const fixture = createStoredRunFixture();
    const extra: StoredEvent = { runId: fixture.run.id, sequence: 999, type: "something-new", atMs: 5, data: { x: 1 } };
    const shuffled = [extra, ...[...fixture.events].reverse()];
    const summary = summarizeRun({ ...fixture, events: shuffled });
    expect(summary.acceptedChanges).toHaveLength(2);
    expect(summary.rounds).toHaveLength(3);
  });

  it("summarises a run that has only started", () => {
    const fixture = createStoredRunFixture();
    const summary = summarizeRun({ run: fixture.run, events: fixture.events.slice(0, 1), results: [] });
    expect(summary.bestPrompt).toBe(fixture.seedPrompt);
    expect(summary.rounds).toEqual([]);
    expect(summary.spend).toBeUndefined();
  });

  it("treats the one scored prompt of an eval run as both seed and best", () => {
    const fixture = createStoredRunFixture();
    const results = fixture.results.filter((result) => result.candidateHash === fixture.bestHash);
    const summary = summarizeRun({ run: { ...fixture.run, kind: "eval" }, events: [], results });
    expect(
      summary.comparisons.map((comparison) => [comparison.split, comparison.seed?.value, comparison.best?.value]),
    ).toEqual([
      ["dev", 0.75, 0.75],
      ["test", 0.75, 0.75],
    ]);
    expect(summary.flips).toEqual([]);
  });
});
