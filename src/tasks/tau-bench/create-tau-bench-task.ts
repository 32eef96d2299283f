import type { LanguageModelV3 } from "@ai-sdk/provider";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import { createSeededRandom } from "../../internal/seeded-random.js";
import { wilsonInterval } from "../../internal/statistics.js";
import type { Example, MetricValue, Task } from "../../spec/task.js";
import type { Trace } from "../../spec/trace.js";
import { replayGroundTruth } from "./compute-tau-reward.js";
import { toTauTrace } from "./describe-tau-episode.js";
import type { EpisodeDatabase } from "./episode-database.js";
import type { TauDomain, TauTaskSpec } from "./load-tau-domain.js";
import { passHatKCurve } from "./pass-hat-k.js";
import { createReactAgent } from "./react-agent.js";
import { runTauEpisode } from "./run-tau-episode.js";
import { createSimulatedUser } from "./simulated-user.js";
import type { TauAgent } from "./tau-agent.js";
import { loadTauSplit, toTauExampleId } from "./tau-task-splits.js";
import { createToolCallingAgent } from "./tool-calling-agent.js";

/** Which agent runs the target model. */
export type TauAgentKind = "tool-calling" | "react";

/** Options of {@link createTauBenchTask}. */
export interface TauBenchTaskOptions {
  /** A loaded domain (`loadTauDomain`). */
  readonly domain: TauDomain;
  /** The simulated user's model (the reference uses a strong model, e.g. `openai:gpt-4o`). */
  readonly userModel: LanguageModelV3;
  /** Default `tool-calling`; `react` for models without native tool calling. */
  readonly agentKind?: TauAgentKind | undefined;
  /** Agent temperature (default 0). */
  readonly temperature?: number | undefined;
  /** Simulated user temperature (default: the provider's own, as the original; trials then differ). */
  readonly userTemperature?: number | undefined;
  /** Agent steps per episode (default 30). */
  readonly maxSteps?: number | undefined;
}

/** Builds the agent for a target model. */
export function createTauAgent(options: {
  readonly model: LanguageModelV3;
  readonly kind?: TauAgentKind | undefined;
  readonly temperature?: number | undefined;
}): TauAgent {
  return options.kind === "react"
    ? createReactAgent({ model: options.model, temperature: options.temperature })
    : createToolCallingAgent({ model: options.model, temperature: options.temperature });
}

/** Rewards grouped per example id, in first-seen order (the input of pass^k). */
export function groupTraceScores(traces: readonly Trace[]): number[][] {
  const byExample = new Map<string, number[]>();
  for (const trace of traces) {
    const scores = byExample.get(trace.exampleId) ?? [];
    scores.push(trace.score);
    byExample.set(trace.exampleId, scores);
  }
  return [...byExample.values()];
}

/**
 * tau-bench as a `Task` for `optimize`/`eval`: examples are the tasks of a split (see `loadTauSplit` for airline's
 * split), the seed prompt is the domain's `policy.md`, a rollout is one episode with the target as agent, and the
 * trace's feedback is the compact account of what went wrong. `summarize` gives `reward` (mean, Wilson 95%) and,
 * when examples have several trials, `pass^2…pass^n` (bootstrap 95% over tasks).
 */
export function createTauBenchTask(options: TauBenchTaskOptions): Task {
  const { domain } = options;
  const groundTruths = new Map<string, EpisodeDatabase<object>>();
  const tasksById = new Map<string, TauTaskSpec>();
  const findTask = async (example: Example): Promise<TauTaskSpec> => {
    const known = tasksById.get(example.id);
    if (known !== undefined) return known;
    const [name, split, indexText] = example.id.split("/");
    const index = Number(indexText);
    const tasks = split === "train" || split === "dev" || split === "test" ? await domain.loadTasks(split) : [];
    const task = name === domain.name ? tasks[index] : undefined;
    if (task === undefined)
      throw new InvalidInputError({ message: `no tau-bench task "${example.id}" in domain ${domain.name}` });
    tasksById.set(example.id, task);
    return task;
  };
  return {
    id: `tau-bench-${domain.name}`,
    description: `tau-bench ${domain.name}: a tool-calling customer-service agent with a simulated user`,
    seedPrompt: domain.policy,
    async loadSplit(split) {
      const refs = await loadTauSplit({ domain, split });
      return refs.map((ref) => {
        const id = toTauExampleId({ domain: domain.name, sourceSplit: ref.sourceSplit, index: ref.index });
        tasksById.set(id, ref.task);
        return { id, fields: { domain: domain.name, index: ref.index, instruction: ref.task.instruction } };
      });
    },
    async rollout({ systemPrompt, example, target, trial, abortSignal }) {
      const task = await findTask(example);
      let groundTruth = groundTruths.get(example.id);
      if (groundTruth === undefined) {
        groundTruth = replayGroundTruth({ domain, task });
        groundTruths.set(example.id, groundTruth);
      }
      const episode = await runTauEpisode({
        domain,
        task,
        systemPrompt,
        agent: createTauAgent({ model: target, kind: options.agentKind, temperature: options.temperature }),
        user: createSimulatedUser({
          model: options.userModel,
          instruction: task.instruction,
          temperature: options.userTemperature,
          trial,
        }),
        trial,
        maxSteps: options.maxSteps,
        groundTruth,
        abortSignal,
      });
      return toTauTrace({ exampleId: example.id, instruction: task.instruction, systemPrompt, episode });
    },
    summarize(traces) {
      const successes = traces.filter((trace) => trace.score >= 1).length;
      const reward = wilsonInterval({ successes, total: traces.length });
      const metrics: MetricValue[] = [{ name: "reward", ...reward }];
      const grouped = groupTraceScores(traces);
      if (grouped.some((scores) => scores.length > 1)) {
        // A fixed seed: summaries are pure functions of the traces.
        const curve = passHatKCurve({ successes: grouped, random: createSeededRandom(0) });
        metrics.push(...curve.slice(1));
      }
      return metrics;
    },
  };
}
