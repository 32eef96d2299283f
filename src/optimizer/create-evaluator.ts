import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { Runtime } from "../spec/runtime.js";
import type { RunStore } from "../spec/store.js";
import type { Example, Task } from "../spec/task.js";
import type { Trace } from "../spec/trace.js";
import type { ExhaustedBudget, SpendTracker } from "./spend-tracker.js";

/** Split names the optimiser records scores under; `train` also holds leave-one-out probes. */
export type ScoredSplit = "train" | "dev" | "test";

/** Per-example scores and traces of one prompt, aligned with the examples asked for. */
export interface Evaluation {
  readonly scores: readonly number[];
  readonly traces: readonly Trace[];
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

/** Runs rollouts of prompts with bounded concurrency, reusing every score the run already has. */
export interface Evaluator {
  evaluate(options: {
    readonly prompt: string;
    readonly hash: string;
    readonly split: ScoredSplit;
    readonly examples: readonly Example[];
  }): Promise<Evaluation>;
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
  readonly abortSignal?: AbortSignal | undefined;
}

/**
 * Creates the run's evaluator. Results already stored for the run (an earlier session) are reused without a call but
 * counted against the budget the first time this session needs them, exactly as the first session counted them;
 * results this session already produced are free. Every new result is stored when its rollout ends, so a kill loses at
 * most the rollouts in flight.
 *
 * @throws BudgetStop from `evaluate` when the target-call budget (or a measured one) runs out; rollouts in flight end
 *   first.
 */
export function createEvaluator(options: EvaluatorOptions): Evaluator {
  const { runId, task, target, runtime, store, tracker, abortSignal } = options;
  const known = new Map<string, { score: number; trace: Trace }>();
  const counted = new Set<string>();
  const limiter = createLimiter(options.concurrency);
  for (const result of store.listResults(runId)) {
    // The optimiser wrote these traces itself (below), so the stored JSON has the Trace shape.
    known.set(keyOf(result.candidateHash, result.split, result.exampleId), {
      score: result.score,
      trace: result.trace as Trace,
    });
  }
  return {
    async evaluate({ prompt, hash, split, examples }) {
      const scores = new Array<number>(examples.length);
      const traces = new Array<Trace>(examples.length);
      let exhausted: ExhaustedBudget | undefined;
      let failed = false;
      const runOne = async (example: Example, index: number): Promise<void> => {
        const key = keyOf(hash, split, example.id);
        const hit = known.get(key);
        if (hit !== undefined && counted.has(key)) {
          scores[index] = hit.score;
          traces[index] = hit.trace;
          return;
        }
        await limiter.acquire();
        try {
          if (exhausted !== undefined || failed) return;
          abortSignal?.throwIfAborted();
          const budget = tracker.reserveTargetCall({ forTest: split === "test" });
          if (budget !== undefined) {
            exhausted = budget;
            return;
          }
          counted.add(key);
          const trace =
            hit?.trace ?? (await task.rollout({ systemPrompt: prompt, example, target, runtime, abortSignal }));
          if (hit === undefined) {
            known.set(key, { score: trace.score, trace });
            store.recordResults([
              { runId, candidateHash: hash, split, exampleId: example.id, score: trace.score, trace },
            ]);
          }
          scores[index] = trace.score;
          traces[index] = trace;
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
      if (exhausted !== undefined) throw new BudgetStop(exhausted);
      return { scores, traces };
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
