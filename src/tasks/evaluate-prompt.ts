import { setMaxListeners } from "node:events";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { DlmpoError } from "../errors/dlmpo-error.js";
import type { Runtime } from "../spec/runtime.js";
import type { Example, MetricValue, Task } from "../spec/task.js";
import type { Trace } from "../spec/trace.js";
import { isExampleFailure, tooManyFailuresError } from "./example-failures.js";

/** Progress of an evaluation: one example finished. */
export interface EvaluationProgress {
  readonly trace: Trace;
  /** Position of the example in `examples`. */
  readonly index: number;
  /** Examples finished so far, this one included. */
  readonly completed: number;
  readonly total: number;
}

/** An example whose rollout failed after the models layer's retries: recorded with its reason, not scored. */
export interface ExampleFailure {
  readonly exampleId: string;
  /** Position of the example in `examples`. */
  readonly index: number;
  /** The error's code (`provider-error`, `timeout`, `context-length`). */
  readonly code: string;
  /** The error's message (secrets already removed by the models layer). */
  readonly reason: string;
}

/** Progress of an evaluation: one example failed. */
export interface FailureProgress {
  readonly failure: ExampleFailure;
  /** Examples failed so far, this one included. */
  readonly failed: number;
  readonly total: number;
}

/** Options of {@link evaluatePrompt}. */
export interface EvaluatePromptOptions {
  readonly task: Task;
  /** The system prompt under test. */
  readonly prompt: string;
  readonly examples: readonly Example[];
  readonly target: LanguageModelV3;
  readonly runtime: Runtime;
  /** Rollouts in flight at once (≥ 1); default 8. The models layer applies its own limit on top. */
  readonly concurrency?: number | undefined;
  /** Sample index passed to every rollout (repeated trials at temperature > 0). */
  readonly trial?: number | undefined;
  /** Called once per finished example, in completion order. */
  readonly onResult?: ((progress: EvaluationProgress) => void) | undefined;
  /**
   * Examples allowed to fail (a provider failure that outlived the retries: DlmpoError `provider-error`, `timeout`,
   * `context-length`) before the evaluation stops; default 0. A failed example is left out of the metrics and
   * reported in `failures`.
   */
  readonly maxFailures?: number | undefined;
  /** Called once per failed example, in completion order. */
  readonly onFailure?: ((progress: FailureProgress) => void) | undefined;
  readonly abortSignal?: AbortSignal | undefined;
}

/** Traces and metrics of one evaluation. */
export interface EvaluatePromptResult {
  /** One trace per scored example, in the order of `examples` (failed examples have none). */
  readonly traces: readonly Trace[];
  /** `task.summarize(traces)` over the scored examples only; the first metric is the score. */
  readonly metrics: readonly MetricValue[];
  /** Mean of the traces' scores (0 when there are none). */
  readonly meanScore: number;
  /** Examples that failed after retries, in the order of `examples`. */
  readonly failures: readonly ExampleFailure[];
}

/**
 * Runs `task.rollout` for `prompt` on every example, at most `concurrency` at a time, and summarises the traces.
 * Expected failures (a wrong or unparsable answer) are scores inside traces. A provider failure that outlived the
 * models layer's retries fails its example (`failures`, `onFailure`) and the evaluation goes on, until more than
 * `maxFailures` examples failed. Then, or at any other error (an unreachable server, a bug), the evaluation stops: no
 * new rollouts start, the ones in flight are aborted, and the error is thrown (with `maxFailures` 0, the first
 * failure's own error; else a DlmpoError `provider-error` that counts them). Aborting `abortSignal` stops it too and
 * throws a DlmpoError `aborted`.
 */
export async function evaluatePrompt(options: EvaluatePromptOptions): Promise<EvaluatePromptResult> {
  const { task, prompt, examples, target, runtime } = options;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 8));
  const stop = new AbortController();
  const signal = options.abortSignal === undefined ? stop.signal : AbortSignal.any([stop.signal, options.abortSignal]);
  // Every rollout in flight listens to this one signal (a few listeners each, through the model wrapper and fetch);
  // Node's default cap of 10 would warn about a leak that is not one.
  setMaxListeners(Math.max(10, concurrency * 8), signal);
  const traces = new Array<Trace | undefined>(examples.length);
  const maxFailures = Math.max(0, Math.floor(options.maxFailures ?? 0));
  const failures: ExampleFailure[] = [];
  let next = 0;
  let completed = 0;
  let failure: { error: unknown } | undefined;
  const stopWith = (error: unknown): void => {
    if (failure === undefined) failure = { error };
    stop.abort(error);
  };
  const worker = async (): Promise<void> => {
    while (failure === undefined && !signal.aborted && next < examples.length) {
      const index = next;
      next += 1;
      const example = examples[index];
      if (example === undefined) continue;
      try {
        const trace = await task.rollout({
          systemPrompt: prompt,
          example,
          target,
          runtime,
          trial: options.trial,
          abortSignal: signal,
        });
        traces[index] = trace;
        completed += 1;
        options.onResult?.({ trace, index, completed, total: examples.length });
      } catch (error) {
        if (signal.aborted || !isExampleFailure(error)) {
          stopWith(error);
          continue;
        }
        const failed: ExampleFailure = { exampleId: example.id, index, code: error.code, reason: error.message };
        failures.push(failed);
        options.onFailure?.({ failure: failed, failed: failures.length, total: examples.length });
        if (failures.length > maxFailures)
          stopWith(
            maxFailures === 0
              ? error
              : tooManyFailuresError({ failed: failures.length, maxFailures, lastReason: failed.reason }),
          );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, examples.length)) }, worker));
  if (options.abortSignal?.aborted)
    throw DlmpoError.is(options.abortSignal.reason)
      ? options.abortSignal.reason
      : new DlmpoError({ code: "aborted", message: "Evaluation aborted.", cause: options.abortSignal.reason });
  if (failure !== undefined) throw failure.error;
  const finished = traces.filter((trace): trace is Trace => trace !== undefined);
  const meanScore = finished.length === 0 ? 0 : finished.reduce((sum, trace) => sum + trace.score, 0) / finished.length;
  failures.sort((a, b) => a.index - b.index);
  return { traces: finished, metrics: task.summarize(finished), meanScore, failures };
}
