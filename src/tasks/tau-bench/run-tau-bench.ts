import type { LanguageModelV3 } from "@ai-sdk/provider";
import { DlmpoError } from "../../errors/dlmpo-error.js";
import type { Random } from "../../spec/runtime.js";
import type { MetricValue } from "../../spec/task.js";
import type { Trace } from "../../spec/trace.js";
import { replayGroundTruth } from "./compute-tau-reward.js";
import { toTauTrace } from "./describe-tau-episode.js";
import type { TauDomain } from "./load-tau-domain.js";
import { passHatKCurve } from "./pass-hat-k.js";
import { runTauEpisode, type TauEndReason } from "./run-tau-episode.js";
import { createSimulatedUser } from "./simulated-user.js";
import type { TauAgent } from "./tau-agent.js";
import { toTauExampleId } from "./tau-task-splits.js";

/** One episode of a benchmark run. */
export interface TauBenchEpisode {
  readonly taskIndex: number;
  readonly trial: number;
  readonly reward: 0 | 1;
  /**
   * Undefined when a provider failure outlived retries (`error` says which); such episodes count as 0. `error` also
   * says why an episode ended with `endReason: "error"` (as the original's run loop fails it).
   */
  readonly endReason: TauEndReason | undefined;
  readonly steps: number;
  readonly error?: string | undefined;
  readonly trace: Trace | undefined;
}

/** Result of {@link runTauBench}. */
export interface TauBenchResult {
  readonly episodes: readonly TauBenchEpisode[];
  /** Per task (in `taskIndexes` order), the reward of each trial. */
  readonly perTask: readonly { readonly taskIndex: number; readonly rewards: readonly number[] }[];
  /** pass^1 … pass^trials with 95% bootstrap intervals over tasks. */
  readonly metrics: readonly MetricValue[];
}

/**
 * Runs `trials` episodes of each chosen task of a split (task files as they are: airline `test` is all 50 tasks),
 * `concurrency` episodes at a time, and computes pass^k. Calls `onEpisode` as each episode finishes.
 * A provider failure that outlives retries marks that episode as failed (reward 0, `error` set); an abort throws.
 * @throws DlmpoError `invalid-input` when a task index is out of range.
 */
export async function runTauBench(options: {
  readonly domain: TauDomain;
  readonly split: "train" | "dev" | "test";
  /** Task indexes in the split file (default: all). */
  readonly taskIndexes?: readonly number[] | undefined;
  readonly agent: TauAgent;
  readonly userModel: LanguageModelV3;
  /** Simulated user temperature (default: the provider's own, as the original; trials then differ). */
  readonly userTemperature?: number | undefined;
  /** Trials per task (≥ 1). */
  readonly trials: number;
  /** The agent's system prompt (default: the domain policy). */
  readonly systemPrompt?: string | undefined;
  /** Episodes in flight at once (default 8). */
  readonly concurrency?: number | undefined;
  readonly maxSteps?: number | undefined;
  /** For the bootstrap intervals of pass^k. */
  readonly random: Random;
  readonly onEpisode?: ((episode: TauBenchEpisode) => void) | undefined;
  readonly abortSignal?: AbortSignal | undefined;
}): Promise<TauBenchResult> {
  const { domain, trials, abortSignal } = options;
  const tasks = await domain.loadTasks(options.split);
  const taskIndexes = options.taskIndexes ?? tasks.map((_, index) => index);
  for (const index of taskIndexes)
    if (tasks[index] === undefined)
      throw new DlmpoError({
        code: "invalid-input",
        message: `Task ${index} does not exist: ${domain.name}/${options.split} has tasks 0-${tasks.length - 1}.`,
      });
  const systemPrompt = options.systemPrompt ?? domain.policy;
  const jobs = taskIndexes.flatMap((taskIndex) => Array.from({ length: trials }, (_, trial) => ({ taskIndex, trial })));
  const episodes: TauBenchEpisode[] = [];
  const groundTruths = new Map<number, ReturnType<typeof replayGroundTruth>>();
  for (const index of taskIndexes) {
    const task = tasks[index];
    if (task !== undefined) groundTruths.set(index, replayGroundTruth({ domain, task }));
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let job = jobs[next++]; job !== undefined; job = jobs[next++]) {
      abortSignal?.throwIfAborted();
      const task = tasks[job.taskIndex];
      if (task === undefined) continue;
      const exampleId = toTauExampleId({ domain: domain.name, sourceSplit: options.split, index: job.taskIndex });
      let episode: TauBenchEpisode;
      try {
        const result = await runTauEpisode({
          domain,
          task,
          systemPrompt,
          agent: options.agent,
          user: createSimulatedUser({
            model: options.userModel,
            instruction: task.instruction,
            temperature: options.userTemperature,
            trial: job.trial,
          }),
          trial: job.trial,
          maxSteps: options.maxSteps,
          groundTruth: groundTruths.get(job.taskIndex),
          abortSignal,
        });
        episode = {
          ...job,
          reward: result.reward.reward,
          endReason: result.endReason,
          steps: result.steps,
          ...(result.error === undefined ? {} : { error: result.error }),
          trace: toTauTrace({ exampleId, instruction: task.instruction, systemPrompt, episode: result }),
        };
      } catch (error) {
        if (abortSignal?.aborted === true) throw error;
        const message = error instanceof Error ? error.message : String(error);
        episode = { ...job, reward: 0, endReason: undefined, steps: 0, error: message, trace: undefined };
      }
      episodes.push(episode);
      options.onEpisode?.(episode);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 8, jobs.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  const perTask = taskIndexes.map((taskIndex) => ({
    taskIndex,
    rewards: episodes
      .filter((episode) => episode.taskIndex === taskIndex)
      .sort((a, b) => a.trial - b.trial)
      .map((episode) => episode.reward),
  }));
  const metrics = passHatKCurve({ successes: perTask.map((task) => task.rewards), random: options.random });
  return { episodes, perTask, metrics };
}
