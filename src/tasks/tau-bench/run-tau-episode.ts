import { stripKeepTags } from "../../prompt/strip-keep-tags.js";
import { computeTauReward, type TauReward } from "./compute-tau-reward.js";
import type { EpisodeDatabase } from "./episode-database.js";
import { invokeTool } from "./invoke-tool.js";
import type { TauDomain, TauTaskSpec } from "./load-tau-domain.js";
import { terminatingToolNames } from "./shared-tools.js";
import { agentGreeting, type SimulatedUser, stopMarker } from "./simulated-user.js";
import type { TauAgent, TauTurn } from "./tau-agent.js";
import { TauEpisodeCrash } from "./tau-episode-crash.js";

/**
 * How an episode ended. `error`: what ends the original's episode with an exception (reward 0): tool-call arguments
 * that are not a JSON object, a malformed ReAct action, a tool returning None.
 */
export type TauEndReason = "user-stop" | "transfer" | "step-limit" | "error";

/** A finished episode: the conversation, every tool call with its output, and the reward with its reasons. */
export interface TauEpisode {
  readonly turns: readonly TauTurn[];
  readonly toolCalls: readonly { readonly name: string; readonly arguments: string; readonly output: string }[];
  /** Messages the agent sent to the user, in order. */
  readonly agentMessages: readonly string[];
  readonly endReason: TauEndReason;
  /** Agent steps taken (model calls), at most `maxSteps`. */
  readonly steps: number;
  /** Why the episode failed, when `endReason` is `error`. */
  readonly error?: string | undefined;
  /** The reward (0 when the step limit was hit or the episode failed) and why. */
  readonly reward: TauReward;
}

/**
 * Runs one tau-bench episode: the simulated user opens (answering the agent's greeting), then each agent step
 * either messages the user (who answers; `###STOP###` in the answer ends the episode) or calls one tool on this
 * episode's fresh database (`transfer_to_human_agents` ends it). After `maxSteps` agent steps (default 30) the
 * episode ends with reward 0, as in the reference. `<keep>` tags are removed from the system prompt before the agent
 * sees it. What raises in the original's episode (malformed tool-call JSON, a tool returning None) ends it with
 * reward 0 (`endReason: "error"`), as the original's run loop records it. Provider failures that outlive retries
 * throw.
 */
export async function runTauEpisode(options: {
  readonly domain: TauDomain;
  readonly task: TauTaskSpec;
  readonly systemPrompt: string;
  readonly agent: TauAgent;
  readonly user: SimulatedUser;
  readonly trial?: number | undefined;
  readonly maxSteps?: number | undefined;
  /** The task's ground-truth database when cached by the caller. */
  readonly groundTruth?: EpisodeDatabase<object> | undefined;
  readonly abortSignal?: AbortSignal | undefined;
}): Promise<TauEpisode> {
  const { domain, task, agent, user, abortSignal } = options;
  const maxSteps = options.maxSteps ?? 30;
  // `<keep>` marks spans the optimiser must not touch; the agent reads the policy without the tags.
  const systemPrompt = stripKeepTags(options.systemPrompt);
  const database = domain.createDatabase();
  const turns: TauTurn[] = [{ role: "user", content: await user.reply(agentGreeting, abortSignal) }];
  const toolCalls: { name: string; arguments: string; output: string }[] = [];
  const agentMessages: string[] = [];
  let endReason: TauEndReason = "step-limit";
  let steps = 0;
  let error: string | undefined;
  while (steps < maxSteps) {
    steps += 1;
    abortSignal?.throwIfAborted();
    const action = await agent.step({
      systemPrompt,
      toolDefinitions: domain.toolDefinitions,
      turns,
      trial: options.trial ?? 0,
      abortSignal,
    });
    if (action.kind === "respond") {
      agentMessages.push(action.text);
      turns.push({ role: "assistant", content: action.historyText ?? action.text });
      const answer = await user.reply(action.text, abortSignal);
      turns.push({ role: "user", content: answer });
      if (answer.includes(stopMarker)) {
        endReason = "user-stop";
        break;
      }
      continue;
    }
    if (action.kind === "crash") {
      turns.push({ role: "assistant", content: action.text });
      endReason = "error";
      error = action.reason;
      break;
    }
    let output: string;
    try {
      output = invokeTool({ database, tools: domain.tools, name: action.name, args: action.arguments });
    } catch (crash) {
      if (!(crash instanceof TauEpisodeCrash)) throw crash;
      endReason = "error";
      error = crash.message;
      break;
    }
    toolCalls.push({ name: action.name, arguments: action.argumentsText, output });
    turns.push(
      {
        role: "assistant",
        content: action.text,
        toolCall: { id: action.id, name: action.name, argumentsText: action.argumentsText },
      },
      { role: "tool", toolCallId: action.id, name: action.name, content: output },
    );
    if (terminatingToolNames.has(action.name)) {
      endReason = "transfer";
      break;
    }
  }
  const computed = computeTauReward({ domain, task, database, agentMessages, groundTruth: options.groundTruth });
  const reward = endReason === "step-limit" || endReason === "error" ? { ...computed, reward: 0 as const } : computed;
  return { turns, toolCalls, agentMessages, endReason, steps, ...(error === undefined ? {} : { error }), reward };
}
