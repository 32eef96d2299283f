import { diffEpisodeDatabases, type EpisodeDatabase, type RecordDifference } from "./episode-database.js";
import { invokeTool } from "./invoke-tool.js";
import type { TauDomain, TauTaskSpec } from "./load-tau-domain.js";
import { terminatingToolNames } from "./shared-tools.js";

/** Why an episode scored what it did. */
export interface TauReward {
  /** 1 when the database matches the ground truth and every required output was said; else 0. */
  readonly reward: 0 | 1;
  readonly databaseMatches: boolean;
  /** Records that differ: `expected` from the ground-truth replay, `actual` from the episode. */
  readonly differences: readonly RecordDifference[];
  /** The task's required outputs that no agent message contained. */
  readonly missingOutputs: readonly string[];
}

/**
 * The database the task's ground-truth actions produce from a fresh copy (every action but the episode-ending
 * `transfer_to_human_agents`). Pure; callers may cache it per task.
 */
export function replayGroundTruth(options: {
  readonly domain: TauDomain;
  readonly task: TauTaskSpec;
}): EpisodeDatabase<object> {
  const database = options.domain.createDatabase();
  for (const action of options.task.actions) {
    if (terminatingToolNames.has(action.name)) continue;
    invokeTool({ database, tools: options.domain.tools, name: action.name, args: action.kwargs });
  }
  return database;
}

/**
 * tau-bench's reward: 1 only when (1) the episode's final database equals the ground-truth replay's, record by
 * record, and (2) every required output appears, case-insensitively, in some message the agent sent the user after
 * commas are removed from that message.
 */
export function computeTauReward(options: {
  readonly domain: TauDomain;
  readonly task: TauTaskSpec;
  readonly database: EpisodeDatabase<object>;
  /** Text of every message the agent sent to the user. */
  readonly agentMessages: readonly string[];
  /** The ground-truth database, when the caller cached it; replayed otherwise. */
  readonly groundTruth?: EpisodeDatabase<object> | undefined;
}): TauReward {
  const expected = options.groundTruth ?? replayGroundTruth(options);
  const differences = diffEpisodeDatabases({ expected, actual: options.database });
  const said = options.agentMessages.map((message) => message.toLowerCase().replaceAll(",", ""));
  const missingOutputs = options.task.outputs.filter(
    (output) => !said.some((message) => message.includes(output.toLowerCase())),
  );
  const databaseMatches = differences.length === 0;
  return {
    reward: databaseMatches && missingOutputs.length === 0 ? 1 : 0,
    databaseMatches,
    differences,
    missingOutputs,
  };
}
