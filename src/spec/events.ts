import type { DroppedCandidate, MaskedSpan, ProposedCandidate } from "./proposer.js";
import type { MetricValue } from "./task.js";

/** Spend so far, per resource; every budget is checked against it. */
export interface Spend {
  readonly targetCalls: number;
  readonly dlmCalls: number;
  /**
   * Forward passes of a native DLM (built-in, ONNX, logits server): the reverse steps each sampled candidate took,
   * summed, dropped candidates' included; absent when the proposer reports none (chat and FIM DLMs).
   */
  readonly dlmForwardPasses?: number | undefined;
  /**
   * Candidates the proposer sampled and dropped before they were scored (the fluency gate, an unparsable answer);
   * their work is in `dlmCalls` and `dlmForwardPasses`. Absent when no proposer call was made (or in older runs).
   */
  readonly droppedCandidates?: number | undefined;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly wallMs: number;
  /** The same spend split by model (target, judge, DLM …), when the meter knows it; reports show it per model. */
  readonly byModel?: readonly ModelSpend[] | undefined;
}

/** Usage of one model within a run. */
export interface ModelSpend {
  /** `provider:model` as configured, e.g. `openai:gpt-4o-mini`. */
  readonly modelId: string;
  /** What the model did in the run, e.g. `target`, `judge`, `dlm`, `proposer`. */
  readonly role?: string | undefined;
  readonly calls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

/** Which paired test decided: exact McNemar on 0/1 scores, the paired bootstrap on graded ones. */
export type PairedTestName = "mcnemar" | "paired-bootstrap";

/** The paired test of a child against its parent on the acceptance examples (none of which selected it). */
export interface AcceptanceVerdict {
  readonly stage: "acceptance";
  /** Acceptance examples both were scored on: the pairs the test used. */
  readonly exampleCount: number;
  /** Acceptance examples left out because the call failed for the child, the parent or both (absent in older runs). */
  readonly failedExamples?: number | undefined;
  /** Mean per-example gain of the child over the parent on those examples. */
  readonly meanDifference: number;
  /** One-sided p-value of "the child is better". */
  readonly pValue: number;
  /** Holm-adjusted over the candidates tested in the round; accepted only when ≤ `alpha`. */
  readonly adjustedPValue: number;
  /** The round's significance level (`acceptAlpha`, divided over the rounds when error control is per run). */
  readonly alpha: number;
  readonly test: PairedTestName;
}

/**
 * The seed and the final prompt scored on the same test examples, once, at the end: the number a user can ship on.
 * Differences are final − seed; the p-value is two-sided.
 */
export interface TestComparison {
  readonly seedHash: string;
  readonly bestHash: string;
  /** Test examples scored for both prompts: the pairs the comparison (and both means) use. */
  readonly examples: number;
  /** Test examples left out because the call failed for the seed, the final prompt or both (absent in older runs). */
  readonly failedExamples?: number | undefined;
  readonly seedMean: number;
  readonly bestMean: number;
  readonly meanDifference: number;
  readonly interval95: readonly [number, number];
  readonly pValue: number;
  readonly test: PairedTestName;
}

/**
 * The judge of a judged-replay task (`optimize --traces`) as the run used it: its rubric and how often it agreed with
 * the users' logged feedback on held-out conversations, measured before the first round.
 */
export interface JudgeCheck {
  /** `provider:model` of the judge as configured. */
  readonly judgeModelId: string;
  /** The rubric every verdict of the run follows (given with `--rubric` or derived from the feedback). */
  readonly rubric: string;
  /** Held-out conversations with a logged score whose verdict the judge wrote in no readable form. */
  readonly unreadable: number;
  /**
   * Agreement with the logged feedback: `examples` rated conversations, `agreements` of them on the same side of ½ as
   * the user, and the share with its 95% Wilson interval. Absent when no held-out conversation had a logged score the
   * judge rated (nothing to compare; not a 0% agreement).
   */
  readonly agreement?:
    | {
        readonly examples: number;
        readonly agreements: number;
        readonly rate: number;
        readonly low: number;
        readonly high: number;
      }
    | undefined;
  /**
   * What the rubric's derivation and the agreement checks cost before the first round (judge calls only): the run's
   * spend and budgets start from it.
   */
  readonly spend?: Spend | undefined;
}

/**
 * The events of an optimisation run, in the order they happen. Stored append-only; the run resumes from them,
 * and reports are pure functions of them. `type` is `noun-verb`.
 */
export type OptimizerEvent =
  | { readonly type: "run-started"; readonly seed: number; readonly seedPrompt: string; readonly seedHash: string }
  | ({ readonly type: "judge-checked" } & JudgeCheck)
  | { readonly type: "round-started"; readonly round: number; readonly parentHashes: readonly string[] }
  | {
      readonly type: "rollout-completed";
      readonly round: number;
      readonly candidateHash: string;
      readonly exampleIds: readonly string[];
      readonly meanScore: number;
    }
  | {
      readonly type: "candidate-proposed";
      readonly round: number;
      readonly candidateHash: string;
      readonly parentHash: string;
      readonly prompt: string;
      readonly fills: readonly string[];
      readonly maskedSpans: readonly MaskedSpan[];
      readonly proposerId: string;
      /** Forward passes (native DLMs: the reverse steps actually run) or calls the candidate took; not compared on resume. */
      readonly cost?: ProposedCandidate["cost"] | undefined;
    }
  | {
      /**
       * Samples the proposer drew in a round and dropped before returning them (the fluency gate), with the work each
       * took; emitted after the round's `candidate-proposed` events when there were any. Runs stored before it existed
       * resume without it.
       */
      readonly type: "candidates-dropped";
      readonly round: number;
      readonly proposerId: string;
      readonly candidates: readonly DroppedCandidate[];
    }
  | {
      readonly type: "candidate-rejected";
      readonly round: number;
      readonly candidateHash: string;
      readonly reason: "duplicate" | "invalid" | "unchanged";
      readonly detail: string;
    }
  | {
      readonly type: "candidate-scored";
      readonly round: number;
      readonly candidateHash: string;
      readonly split: "train" | "dev";
      /** Successive-halving rung: 0 = smallest minibatch. */
      readonly rung: number;
      readonly exampleCount: number;
      readonly meanScore: number;
    }
  | ({
      readonly type: "candidate-accepted";
      readonly round: number;
      readonly candidateHash: string;
      readonly parentHash: string;
    } & AcceptanceVerdict)
  | {
      readonly type: "candidate-declined";
      readonly round: number;
      readonly candidateHash: string;
      readonly parentHash: string;
      /** `selection`: dropped by successive halving on the selection examples (no test run, no p-value). */
      readonly stage: "selection";
      /** Mean per-example gain over the parent on the selection examples both were scored on. */
      readonly meanDifference: number;
      /** Selection examples of the last rung both were scored on (absent in older runs). */
      readonly exampleCount?: number | undefined;
      /** Selection examples of the last rung left out because a call failed for either (absent in older runs). */
      readonly failedExamples?: number | undefined;
    }
  | ({
      readonly type: "candidate-declined";
      readonly round: number;
      readonly candidateHash: string;
      readonly parentHash: string;
    } & AcceptanceVerdict)
  | {
      /** A rollout failed after the models layer's retries: the example is left out of this prompt's means and of
       * every paired comparison it would be part of. Emitted once per prompt, split and example. */
      readonly type: "example-failed";
      readonly candidateHash: string;
      readonly split: "train" | "dev" | "test";
      readonly exampleId: string;
      /** The error's code (`provider-error`, `timeout`, `context-length`). */
      readonly code: string;
      readonly reason: string;
    }
  | { readonly type: "frontier-updated"; readonly round: number; readonly candidateHashes: readonly string[] }
  | {
      readonly type: "round-completed";
      readonly round: number;
      readonly bestHash: string;
      readonly bestDevScore: number;
      readonly spend: Spend;
    }
  | { readonly type: "run-stopped"; readonly reason: string; readonly spend: Spend }
  | { readonly type: "test-scored"; readonly candidateHash: string; readonly metrics: readonly MetricValue[] }
  | ({ readonly type: "test-compared" } & TestComparison)
  | {
      readonly type: "run-completed";
      readonly bestHash: string;
      readonly bestPrompt: string;
      readonly devScore: number;
      readonly spend: Spend;
    };

export type OptimizerEventType = OptimizerEvent["type"];
