import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { Runtime } from "../spec/runtime.js";
import type { RunStore, StoredEvent } from "../spec/store.js";
import type { Example, Task } from "../spec/task.js";
import type { Trace } from "../spec/trace.js";
import { isExampleFailure, tooManyFailuresError } from "../tasks/example-failures.js";
import type { EventLog } from "./event-log.js";
import type { MaybeScore } from "./scored-pairs.js";
import type { ExhaustedBudget, SpendTracker } from "./spend-tracker.js";

/** Split names the optimiser records scores under; `train` also holds leave-one-out probes. */
export type ScoredSplit = "train" | "dev" | "test";

/** Per-example scores and traces of one prompt, aligned with the examples asked for. */
export interface Evaluation {
  /** One per example asked for; undefined where the example's call failed after its retries. */
  readonly scores: readonly MaybeScore[];
  /** Traces of the scored examples, in the order asked for (failed examples have none). */
  readonly traces: readonly Trace[];
}

/** A rollout that failed after the models layer's retries, as the run records it (event `example-failed`). */
export interface RolloutFailure {
  readonly candidateHash: string;
  readonly split: ScoredSplit;
  readonly exampleId: string;
  readonly code: string;
  readonly reason: string;
}

/** Thrown inside the loop when a budget runs out before every rollout of an evaluation could start. */
export class BudgetStop extends Error {
  readonly budget: ExhaustedBudget;
  constructor(budget: ExhaustedBudget) {
    super(`Budget exhausted: ${budget}`);
    this.name = "BudgetStop";
    this.budget = budget;
  }
}

/** Runs rollouts of prompts with bounded concurrency, reusing every score (and failure) the run already has. */
export interface Evaluator {
  evaluate(options: {
    readonly prompt: string;
    readonly hash: string;
    readonly split: ScoredSplit;
    readonly examples: readonly Example[];
  }): Promise<Evaluation>;
  /**
   * The failures this session met since the last call, ordered by the evaluation that asked for them (in call order)
   * and then by example: the same order however the rollouts interleave, so a resumed run emits the same events.
   */
  takeFailures(): RolloutFailure[];
}

/** Options of {@link createEvaluator}. */
export interface EvaluatorOptions {
  readonly runId: string;
  readonly task: Task;
  readonly target: LanguageModelV3;
  readonly runtime: Runtime;
  readonly store: RunStore;
  readonly tracker: SpendTracker;
  readonly concurrency: number;
  /** Failed rollouts the run tolerates (a count); one more stops it. */
  readonly maxFailures: number;
  /** Events of earlier sessions: their `example-failed` events are replayed as failures, never retried. */
  readonly storedEvents: readonly StoredEvent[];
  readonly abortSignal?: AbortSignal | undefined;
}

type Known = { readonly score: number; readonly trace: Trace } | { readonly failure: RolloutFailure };

/**
 * Creates the run's evaluator. Results already stored for the run (an earlier session) are reused without a call but
 * counted against the budget the first time this session needs them, exactly as the first session counted them;
 * results this session already produced are free. Every new result is stored when its rollout ends, so a kill loses at
 * most the rollouts in flight. A rollout that fails after the models layer's retries (a provider error, timeout or
 * context length) leaves its example unscored; the caller records it (`takeFailures`). Failures recorded as events by
 * an earlier session are served as failures again; unrecorded ones are retried.
 *
 * @throws BudgetStop from `evaluate` when the target-call budget (or a measured one) runs out; rollouts in flight end
 *   first.
 * @throws DlmpoError (`provider-error`) from `evaluate` once more than `maxFailures` rollouts failed in the run (with
 *   `maxFailures` 0, the failure's own error); no further rollouts start.
 */
export function createEvaluator(options: EvaluatorOptions): Evaluator {
  const { runId, task, target, runtime, store, tracker, abortSignal, maxFailures } = options;
  const known = new Map<string, Known>();
  const counted = new Set<string>();
  const limiter = createLimiter(options.concurrency);
  const pending: { readonly call: number; readonly index: number; readonly failure: RolloutFailure }[] = [];
  let calls = 0;
  let failedCount = 0;
  let overLimit: unknown;
  for (const result of store.listResults(runId)) {
    // The optimiser wrote these traces itself (below), so the stored JSON has the Trace shape.
    known.set(keyOf(result.candidateHash, result.split, result.exampleId), {
      score: result.score,
      trace: result.trace as Trace,
    });
  }
  for (const event of options.storedEvents) {
    if (event.type !== "example-failed") continue;
    // The optimiser stored this event from a RolloutFailure (its `type` field aside).
    const failure = event.data as RolloutFailure;
    known.set(keyOf(failure.candidateHash, failure.split, failure.exampleId), {
      failure: {
        candidateHash: failure.candidateHash,
        split: failure.split,
        exampleId: failure.exampleId,
        code: failure.code,
        reason: failure.reason,
      },
    });
  }
  const recordFailure = (failure: RolloutFailure, call: number, index: number, error?: unknown): void => {
    failedCount += 1;
    pending.push({ call, index, failure });
    if (failedCount > maxFailures && overLimit === undefined)
      overLimit =
        maxFailures === 0 && error !== undefined
          ? error
          : tooManyFailuresError({ failed: failedCount, maxFailures, lastReason: failure.reason });
  };
  return {
    async evaluate({ prompt, hash, split, examples }) {
      const call = calls;
      calls += 1;
      const scores = new Array<MaybeScore>(examples.length);
      const traces = new Array<Trace | undefined>(examples.length);
      let exhausted: ExhaustedBudget | undefined;
      let failed = false;
      const apply = (entry: Known, index: number): void => {
        if ("failure" in entry) return;
        scores[index] = entry.score;
        traces[index] = entry.trace;
      };
      const runOne = async (example: Example, index: number): Promise<void> => {
        const key = keyOf(hash, split, example.id);
        const hit = known.get(key);
        if (hit !== undefined && counted.has(key)) {
          apply(hit, index);
          return;
        }
        await limiter.acquire();
        try {
          if (exhausted !== undefined || failed || overLimit !== undefined) return;
          abortSignal?.throwIfAborted();
          const budget = tracker.reserveTargetCall({ forTest: split === "test" });
          if (budget !== undefined) {
            exhausted = budget;
            return;
          }
          counted.add(key);
          if (hit !== undefined) {
            apply(hit, index);
            if ("failure" in hit) recordFailure(hit.failure, call, index);
            return;
          }
          let trace: Trace;
          try {
            trace = await task.rollout({ systemPrompt: prompt, example, target, runtime, abortSignal });
          } catch (error) {
            if (abortSignal?.aborted === true || !isExampleFailure(error)) throw error;
            const failure = {
              candidateHash: hash,
              split,
              exampleId: example.id,
              code: error.code,
              reason: error.message,
            };
            known.set(key, { failure });
            recordFailure(failure, call, index, error);
            return;
          }
          known.set(key, { score: trace.score, trace });
          store.recordResults([
            { runId, candidateHash: hash, split, exampleId: example.id, score: trace.score, trace },
          ]);
          apply({ score: trace.score, trace }, index);
        } catch (error) {
          // Later rollouts of this evaluation do not start; the first failure is what the caller sees.
          failed = true;
          throw error;
        } finally {
          limiter.release();
        }
      };
      const outcomes = await Promise.allSettled(examples.map((example, index) => runOne(example, index)));
      const failure = outcomes.find((outcome) => outcome.status === "rejected");
      if (failure !== undefined) throw failure.reason;
      if (overLimit !== undefined) throw overLimit;
      if (exhausted !== undefined) throw new BudgetStop(exhausted);
      return { scores, traces: traces.filter((trace): trace is Trace => trace !== undefined) };
    },
    takeFailures() {
      return pending
        .splice(0)
        .sort((a, b) => a.call - b.call || a.index - b.index)
        .map(({ failure }) => failure);
    },
  };
}

/** A counting semaphore with a FIFO queue, shared by every evaluation of a run so `concurrency` bounds them all. */
function createLimiter(limit: number): { acquire(): Promise<void>; release(): void } {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    acquire() {
      if (active < limit) {
        active += 1;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    release() {
      const next = waiting.shift();
      if (next === undefined) active -= 1;
      else next();
    },
  };
}

function keyOf(hash: string, split: string, exampleId: string): string {
  return `${hash}\u0000${split}\u0000${exampleId}`;
}

/** Emits an `example-failed` event for each failure the evaluator met since the last call, in its stable order. */
export function emitFailures(evaluator: Evaluator, log: EventLog): void {
  for (const failure of evaluator.takeFailures()) log.emit({ type: "example-failed", ...failure });
}
