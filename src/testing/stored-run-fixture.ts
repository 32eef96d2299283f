import { DlmpoError } from "../errors/dlmpo-error.js";
import { createSeededRandom } from "../internal/seeded-random.js";
import { comparePaired } from "../internal/statistics.js";
import { fillPrompt } from "../prompt/fill-prompt.js";
import { promptHash } from "../prompt/prompt-hash.js";
import type { OptimizerEvent, Spend, TestComparison } from "../spec/events.js";
import type { MaskedSpan } from "../spec/proposer.js";
import type { ExampleResult, RunRecord, StoredEvent } from "../spec/store.js";

/** Options of {@link createStoredRunFixture}. */
export interface StoredRunFixtureOptions {
  readonly runId?: string | undefined;
  /** Text put into every trace's input and response and into one DLM fill (e.g. an HTML injection attempt). */
  readonly injectedText?: string | undefined;
  /** Dev and test examples per split. Default 20. */
  readonly examplesPerSplit?: number | undefined;
  /** Record per-model spend (`Spend.byModel`). Default true. */
  readonly withModelSpend?: boolean | undefined;
}

/** A stored run as the store returns it, plus the facts a test checks the renderers against. */
export interface StoredRunFixture {
  readonly run: RunRecord;
  readonly events: readonly StoredEvent[];
  readonly results: readonly ExampleResult[];
  readonly seedPrompt: string;
  readonly bestPrompt: string;
  readonly bestHash: string;
  /** Fills of the accepted candidates, in order of acceptance. */
  readonly acceptedFills: readonly string[];
}

const seedPrompt = "You label movie reviews. Answer with one word: positive or negative.\nReview: {{text}}";

function spanOf(prompt: string, text: string, strategy: string): MaskedSpan {
  const start = prompt.indexOf(text);
  if (start === -1)
    throw new DlmpoError({ code: "internal", message: `Fixture text ${JSON.stringify(text)} is not in the prompt.` });
  return { start, end: start + text.length, slots: text.split(" ").length + 2, strategy };
}

function verdict(parts: { readonly meanDifference: number; readonly pValue: number }) {
  return {
    stage: "acceptance",
    exampleCount: 10,
    ...parts,
    adjustedPValue: parts.pValue,
    alpha: 0.05 / 3,
    test: "mcnemar",
  } as const;
}

/** The seed (right on even examples) against the best (right unless index % 4 = 2) on the test examples. */
function testComparison(seedHash: string, bestHash: string, count: number): TestComparison {
  const indices = Array.from({ length: count }, (_, index) => index);
  const before = indices.map((index) => (index % 2 === 0 ? 1 : 0));
  const after = indices.map((index) => (index % 4 === 2 ? 0 : 1));
  const paired = comparePaired({ before, after, alternative: "two-sided", random: createSeededRandom(7) });
  const mean = (scores: readonly number[]): number => scores.reduce((sum, score) => sum + score, 0) / count;
  const { examples: _examples, ...rest } = paired;
  return { seedHash, bestHash, examples: count, seedMean: mean(before), bestMean: mean(after), ...rest };
}

/**
 * A hand-made optimisation run for renderer tests: three rounds on top of a seed prompt; round 1 accepts one child,
 * declines one and rejects a duplicate; round 2 accepts a grandchild (the best); round 3 accepts nothing. Dev and
 * test results exist for seed and best (seed right on even examples, best right unless index % 4 = 2, so ten
 * examples flip wrong → right and five right → wrong), with the seed-versus-best test comparison (McNemar, 10 against
 * 5 discordant pairs); traces carry `injectedText` when given.
 */
export function createStoredRunFixture(options: StoredRunFixtureOptions = {}): StoredRunFixture {
  const runId = options.runId ?? "run_fixture";
  const injected = options.injectedText ?? "";
  const count = options.examplesPerSplit ?? 20;
  const seedHash = promptHash(seedPrompt);
  const firstSpan = spanOf(seedPrompt, "Answer with one word:", "sentence");
  const firstFill = "Reply with a single lower-case label:";
  const first = fillPrompt({ prompt: seedPrompt, maskedSpans: [firstSpan], fills: [firstFill] });
  const declinedFill = `Say anything you like. ${injected}`.trim();
  const declined = fillPrompt({ prompt: seedPrompt, maskedSpans: [firstSpan], fills: [declinedFill] });
  const secondSpan = spanOf(first, "positive or negative.", "insert");
  const secondFill = "positive or negative. Sarcasm counts as negative.";
  const best = fillPrompt({ prompt: first, maskedSpans: [secondSpan], fills: [secondFill] });
  const [firstHash, declinedHash, bestHash] = [first, declined, best].map(promptHash);
  if (firstHash === undefined || declinedHash === undefined || bestHash === undefined)
    throw new DlmpoError({ code: "internal", message: "Fixture hashes are missing." });
  const spend = (round: number): Spend => ({
    targetCalls: 40 * round,
    dlmCalls: 3 * round,
    inputTokens: 5000 * round,
    outputTokens: 300 * round,
    costUsd: 0.01 * round,
    wallMs: 1500 * round,
    ...(options.withModelSpend === false
      ? {}
      : {
          byModel: [
            {
              modelId: "openai:gpt-4o-mini",
              role: "target",
              calls: 40 * round,
              inputTokens: 4800 * round,
              outputTokens: 200 * round,
              costUsd: 0.008 * round,
            },
            {
              modelId: "builtin:dlm",
              role: "dlm",
              calls: 3 * round,
              inputTokens: 200 * round,
              outputTokens: 100 * round,
              costUsd: 0.002 * round,
            },
          ],
        }),
  });
  const proposed = (
    round: number,
    hash: string,
    parentHash: string,
    prompt: string,
    fill: string,
    span: MaskedSpan,
  ): OptimizerEvent => ({
    type: "candidate-proposed",
    round,
    candidateHash: hash,
    parentHash,
    prompt,
    fills: [fill],
    maskedSpans: [span],
    proposerId: "native:builtin",
  });
  const log: OptimizerEvent[] = [
    { type: "run-started", seed: 7, seedPrompt, seedHash },
    { type: "round-started", round: 1, parentHashes: [seedHash] },
    { type: "rollout-completed", round: 1, candidateHash: seedHash, exampleIds: ["t1", "t2"], meanScore: 0.5 },
    proposed(1, firstHash, seedHash, first, firstFill, firstSpan),
    proposed(1, declinedHash, seedHash, declined, declinedFill, firstSpan),
    proposed(1, firstHash, seedHash, first, firstFill, firstSpan),
    { type: "candidate-rejected", round: 1, candidateHash: firstHash, reason: "duplicate", detail: "same prompt hash" },
    {
      type: "candidate-scored",
      round: 1,
      candidateHash: firstHash,
      split: "train",
      rung: 0,
      exampleCount: 8,
      meanScore: 0.625,
    },
    {
      type: "candidate-scored",
      round: 1,
      candidateHash: declinedHash,
      split: "train",
      rung: 0,
      exampleCount: 8,
      meanScore: 0.25,
    },
    {
      type: "candidate-scored",
      round: 1,
      candidateHash: firstHash,
      split: "dev",
      rung: 1,
      exampleCount: count,
      meanScore: 0.6,
    },
    {
      type: "candidate-accepted",
      round: 1,
      candidateHash: firstHash,
      parentHash: seedHash,
      ...verdict({ meanDifference: 0.1, pValue: 0.02 }),
    },
    {
      type: "candidate-declined",
      round: 1,
      candidateHash: declinedHash,
      parentHash: seedHash,
      stage: "selection",
      meanDifference: -0.25,
    },
    { type: "frontier-updated", round: 1, candidateHashes: [firstHash] },
    { type: "round-completed", round: 1, bestHash: firstHash, bestDevScore: 0.6, spend: spend(1) },
    { type: "round-started", round: 2, parentHashes: [firstHash] },
    { type: "rollout-completed", round: 2, candidateHash: firstHash, exampleIds: ["t3", "t4"], meanScore: 0.65 },
    proposed(2, bestHash, firstHash, best, secondFill, secondSpan),
    {
      type: "candidate-scored",
      round: 2,
      candidateHash: bestHash,
      split: "dev",
      rung: 1,
      exampleCount: count,
      meanScore: 0.75,
    },
    {
      type: "candidate-accepted",
      round: 2,
      candidateHash: bestHash,
      parentHash: firstHash,
      ...verdict({ meanDifference: 0.15, pValue: 0.01 }),
    },
    { type: "round-completed", round: 2, bestHash, bestDevScore: 0.75, spend: spend(2) },
    { type: "round-started", round: 3, parentHashes: [bestHash] },
    { type: "rollout-completed", round: 3, candidateHash: bestHash, exampleIds: ["t5", "t6"], meanScore: 0.8 },
    { type: "round-completed", round: 3, bestHash, bestDevScore: 0.75, spend: spend(3) },
    { type: "run-stopped", reason: "plateau", spend: spend(3) },
    {
      type: "test-scored",
      candidateHash: seedHash,
      metrics: [{ name: "accuracy", value: 0.5, low: 0.3, high: 0.7 }],
    },
    {
      type: "test-scored",
      candidateHash: bestHash,
      metrics: [{ name: "accuracy", value: 0.75, low: 0.53, high: 0.89 }],
    },
    { type: "test-compared", ...testComparison(seedHash, bestHash, count) },
    { type: "run-completed", bestHash, bestPrompt: best, devScore: 0.75, spend: spend(3) },
  ];
  const events: StoredEvent[] = log.map((data, index) => ({
    runId,
    sequence: index + 1,
    type: data.type,
    atMs: 1000 + index,
    data,
  }));
  const results: ExampleResult[] = [];
  for (const split of ["dev", "test"]) {
    for (let index = 0; index < count; index += 1) {
      const exampleId = `${split}-${String(index).padStart(3, "0")}`;
      const expected = index % 3 === 0 ? "negative" : "positive";
      const trace = (score: number) => ({
        exampleId,
        input: `review ${index} ${injected}`.trim(),
        output: score === 1 ? expected : `not ${expected} ${injected}`.trim(),
        score,
        expected,
        feedback: score === 1 ? undefined : `expected ${expected}`,
      });
      const seedScore = index % 2 === 0 ? 1 : 0;
      const bestScore = index % 4 === 2 ? 0 : 1;
      results.push({ runId, candidateHash: seedHash, split, exampleId, score: seedScore, trace: trace(seedScore) });
      results.push({ runId, candidateHash: bestHash, split, exampleId, score: bestScore, trace: trace(bestScore) });
    }
  }
  const run: RunRecord = {
    id: runId,
    kind: "optimize",
    status: "completed",
    createdAtMs: 1_700_000_000_000,
    updatedAtMs: 1_700_000_060_000,
    seed: 7,
    config: { target: "openai:gpt-4o-mini", dlm: "builtin:dlm" },
  };
  return { run, events, results, seedPrompt, bestPrompt: best, bestHash, acceptedFills: [firstFill, secondFill] };
}
