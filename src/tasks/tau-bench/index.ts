export { computeTauReward, replayGroundTruth, type TauReward } from "./compute-tau-reward.js";
export {
  createScriptedTauResponder,
  type ScriptedTauReply,
  scriptedDoneMessage,
} from "./create-scripted-tau-responder.js";
export {
  createTauAgent,
  createTauBenchTask,
  groupTraceScores,
  type TauAgentKind,
  type TauBenchTaskOptions,
} from "./create-tau-bench-task.js";
export { describeTauEpisode, differingPaths, toTauTrace } from "./describe-tau-episode.js";
export {
  type BaseDatabase,
  createEpisodeDatabase,
  diffEpisodeDatabases,
  type EpisodeDatabase,
  type NumberKind,
  type RecordDifference,
} from "./episode-database.js";
export { invokeTool } from "./invoke-tool.js";
export { isTauTaskName, tauTaskNames } from "./is-tau-task-name.js";
export { loadTauBenchTask } from "./load-tau-bench-task.js";
export {
  loadTauDomain,
  type TauAction,
  type TauDomain,
  type TauDomainName,
  type TauTaskSpec,
  type TauToolDefinition,
} from "./load-tau-domain.js";
export { passHatK, passHatKCurve } from "./pass-hat-k.js";
export { toPythonFloatRepr } from "./python-float-repr.js";
export { type PythonJsonFormat, toPythonJson } from "./python-json.js";
export { createReactAgent, parseReactAction } from "./react-agent.js";
export { runTauBench, type TauBenchEpisode, type TauBenchResult } from "./run-tau-bench.js";
export { runTauEpisode, type TauEndReason, type TauEpisode } from "./run-tau-episode.js";
export {
  agentGreeting,
  createSimulatedUser,
  type SimulatedUser,
  stopMarker,
  toSimulatedUserPrompt,
} from "./simulated-user.js";
export type { TauAgent, TauAgentAction, TauAgentStepOptions, TauTurn } from "./tau-agent.js";
export { loadTauSplit, type TauTaskRef, toTauExampleId } from "./tau-task-splits.js";
export { createToolCallingAgent, toAiSdkTools, toModelMessages } from "./tool-calling-agent.js";
