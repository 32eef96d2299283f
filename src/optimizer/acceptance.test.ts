import { createHash } from "node:crypto";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { builtinPhrases } from "../baselines/builtin-phrases.js";
import { createRandomEditProposer } from "../baselines/create-random-edit-proposer.js";
import { createSeededRandom } from "../internal/seeded-random.js";
import { wilsonInterval } from "../internal/statistics.js";
import type { OptimizerEvent } from "../spec/events.js";
import type { Example, Task } from "../spec/task.js";
import { openSqliteStore } from "../store/open-sqlite-store.js";
import { createFakeRuntime } from "../testing/fake-runtime.js";
import { createKeywordTask } from "../testing/keyword-task.js";
import { createScriptedProposer } from "../testing/scripted-proposer.js";
import { judgeAcceptance } from "./judge-acceptance.js";
import { type OptimizeOptions, optimize } from "./optimize.js";
import { resolveSettings } from "./optimizer-settings.js";

const target = new MockLanguageModelV3({ provider: "test", modelId: "target" });
const unit = (text: string): number => createHash("sha256").update(text).digest().readUInt32LE(0) / 4294967296;

/** A task in which the prompt matters only through noise: half the examples are a coin flip keyed by prompt and example. */
function createNullTask(): Task {
  const examples = (split: string, size: number): Example[] =>
    Array.from({ length: size }, (_, index) => ({ id: `${split}-${index}`, fields: { index }, expected: "yes" }));
  const sizes: Record<string, number> = { train: 20, dev: 32, test: 0 };
  return {
    id: "null-world",
    description: "Scores do not depend on the prompt except through noise.",
    seedPrompt: "Label the review. Answer with one word.",
    async loadSplit(split) {
      return examples(split, sizes[split] ?? 0);
    },
    async rollout({ systemPrompt, example }) {
      const isNoisy = unit(`example:${example.id}`) < 0.5;
      const score = !isNoisy || unit(`${systemPrompt}\u0000${example.id}`) < 0.5 ? 1 : 0;
      return { exampleId: example.id, input: example.id, output: String(score), score, expected: "1" };
    },
    summarize(traces) {
      const successes = traces.filter((trace) => trace.score === 1).length;
      return [{ name: "accuracy", ...wilsonInterval({ successes, total: traces.length }) }];
    },
  };
}

async function eventsOf(options: OptimizeOptions): Promise<OptimizerEvent[]> {
  const events: OptimizerEvent[] = [];
  const outcome = await optimize({ ...options, onEvent: (event) => events.push(event) });
  if (outcome.kind !== "run") throw new Error("expected a run");
  return events;
}

describe("acceptance", () => {
  it("accepts noise in at most 2 of 40 seeded runs of 8 rounds × 8 random edits (null world)", async () => {
    let runsThatAccepted = 0;
    for (let seed = 0; seed < 40; seed += 1) {
      const events = await eventsOf({
        task: createNullTask(),
        target,
        proposer: createRandomEditProposer({ phrases: builtinPhrases }),
        runtime: createFakeRuntime(),
        store: openSqliteStore({ path: ":memory:" }),
        seed,
        rounds: 8,
        candidatesPerRound: 8,
        patience: 8,
        trainMinibatch: 4,
        devSize: 32,
        testSize: 0,
        halvingInitialExamples: 4,
        spanStrategies: { sentence: 1, insert: 1 },
      });
      if (events.some((event) => event.type === "candidate-accepted")) runsThatAccepted += 1;
    }
    expect(runsThatAccepted).toBeLessThanOrEqual(2);
  }, 60_000);

  it("never tests a candidate on a dev example that took part in selecting it", async () => {
    const task = createKeywordTask({ keyword: "carefully", sizes: { train: 20, dev: 32, test: 4 } });
    const events = await eventsOf({
      task,
      target,
      proposer: createScriptedProposer({ phrases: ["Think carefully.", "Be quick.", "Use plain words."] }),
      runtime: createFakeRuntime(),
      store: openSqliteStore({ path: ":memory:" }),
      seed: 5,
      rounds: 4,
      candidatesPerRound: 4,
      trainMinibatch: 4,
      devSize: 32,
      testSize: 4,
      halvingInitialExamples: 4,
      spanStrategies: { insert: 1, sentence: 1 },
    });
    const prompts = new Map(
      events.flatMap((event) => (event.type === "candidate-proposed" ? [[event.candidateHash, event.prompt]] : [])),
    );
    const devIdsOf = (hash: string): string[] =>
      task.rollouts
        .filter((rollout) => rollout.split === "dev" && rollout.systemPrompt === prompts.get(hash))
        .map((rollout) => rollout.exampleId);
    const verdicts = events.flatMap((event) =>
      (event.type === "candidate-accepted" || event.type === "candidate-declined") && event.stage === "acceptance"
        ? [event]
        : [],
    );
    expect(verdicts.length).toBeGreaterThan(0);
    expect(verdicts.some((event) => event.type === "candidate-accepted")).toBe(true);
    const selectedOn = new Set(
      events.flatMap((event) =>
        event.type === "candidate-declined" && event.stage === "selection" ? devIdsOf(event.candidateHash) : [],
      ),
    );
    for (const verdict of verdicts) {
      // A tested candidate's last rollouts are its acceptance examples; the ones before selected it.
      const ids = devIdsOf(verdict.candidateHash);
      const acceptanceIds = ids.slice(-verdict.exampleCount);
      const selectionIds = ids.slice(0, -verdict.exampleCount);
      expect(acceptanceIds).toHaveLength(verdict.exampleCount);
      expect(selectionIds.length + acceptanceIds.length).toBe(32);
      for (const id of acceptanceIds) {
        expect(selectionIds).not.toContain(id);
        expect(selectedOn.has(id)).toBe(false);
      }
    }
  });

  it("holds the whole run to α = 0.05 by default: each round tests at 0.05 / rounds", async () => {
    const run = (overrides: Partial<OptimizeOptions>) =>
      eventsOf({
        task: createKeywordTask({ keyword: "carefully", sizes: { train: 20, dev: 32, test: 4 } }),
        target,
        proposer: createScriptedProposer({ phrases: ["Think carefully.", "Be quick."] }),
        runtime: createFakeRuntime(),
        store: openSqliteStore({ path: ":memory:" }),
        seed: 2,
        rounds: 5,
        candidatesPerRound: 4,
        trainMinibatch: 4,
        devSize: 32,
        testSize: 4,
        halvingInitialExamples: 4,
        ...overrides,
      });
    const alphas = (events: readonly OptimizerEvent[]): number[] =>
      events.flatMap((event) =>
        (event.type === "candidate-accepted" || event.type === "candidate-declined") && event.stage === "acceptance"
          ? [event.alpha]
          : [],
      );
    const perRun = alphas(await run({}));
    expect(perRun.length).toBeGreaterThan(0);
    for (const alpha of perRun) expect(alpha).toBeCloseTo(0.05 / 5, 12);
    for (const alpha of alphas(await run({ acceptErrorControl: "round", acceptAlpha: 0.1 })))
      expect(alpha).toBeCloseTo(0.1, 12);
  });
});

describe("judgeAcceptance", () => {
  const settings = resolveSettings({ taskId: "t", proposerId: "p", targetModelId: "m", seedPrompt: "s", rounds: 8 });
  const parent = Array.from({ length: 16 }, () => 0);
  const winsOn = (count: number): number[] => parent.map((_, index) => (index < count ? 1 : 0));

  it("uses exact McNemar on 0/1 scores and Holm over the candidates tested", () => {
    const decisions = judgeAcceptance({
      parentAcceptanceScores: parent,
      trials: [
        { hash: "a", acceptanceScores: winsOn(10) },
        { hash: "b", acceptanceScores: winsOn(7) },
      ],
      settings,
      random: createSeededRandom(1),
    });
    // 10 of 10 discordant pairs for a: p = 2^-10; 7 of 7 for b: p = 2^-7. Holm: a × 2, then b × 1 (kept ≥ a's).
    expect(decisions.map((decision) => decision.test)).toEqual(["mcnemar", "mcnemar"]);
    expect(decisions[0]?.pValue).toBeCloseTo(2 ** -10, 12);
    expect(decisions[0]?.adjustedPValue).toBeCloseTo(2 * 2 ** -10, 12);
    expect(decisions[1]?.adjustedPValue).toBeCloseTo(2 ** -7, 12);
    expect(decisions[0]?.alpha).toBeCloseTo(0.05 / 8, 12);
    // 2^-7 = 0.0078 > 0.05 / 8 = 0.00625: b is declined although it beats a single test at 0.05 by far.
    expect(decisions.map((decision) => decision.passes)).toEqual([true, false]);
  });

  it("uses the paired bootstrap on graded scores and never accepts a loss", () => {
    const graded = parent.map((_, index) => (index % 2 === 0 ? 0.5 : 0.25));
    const [decision] = judgeAcceptance({
      parentAcceptanceScores: graded,
      trials: [{ hash: "c", acceptanceScores: graded.map((score) => score - 0.1) }],
      settings,
      random: createSeededRandom(1),
    });
    expect(decision?.test).toBe("paired-bootstrap");
    expect(decision?.meanDifference).toBeCloseTo(-0.1, 12);
    expect(decision?.passes).toBe(false);
  });

  it("leaves an example failed on either side out of both sides, and counts it", () => {
    // The child wins the first 10; its calls failed on 2 of those and the parent's on 1 more: 7 pairs remain.
    const child = winsOn(10).map((score, index) => (index < 2 ? undefined : score));
    const withFailure = parent.map((score, index) => (index === 2 ? undefined : score));
    const [decision] = judgeAcceptance({
      parentAcceptanceScores: withFailure,
      trials: [{ hash: "d", acceptanceScores: child }],
      settings,
      random: createSeededRandom(1),
    });
    expect(decision).toMatchObject({ exampleCount: 13, failedExamples: 3, test: "mcnemar" });
    expect(decision?.pValue).toBeCloseTo(2 ** -7, 12);
    expect(decision?.meanDifference).toBeCloseTo(7 / 13, 12);
  });
});
