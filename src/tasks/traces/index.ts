export { createReplayTask, defaultShares, type JudgeMode, type ReplayTaskOptions } from "./create-replay-task.js";
export { defaultRubric, deriveRubric } from "./derive-rubric.js";
export { type JudgeAgreement, measureJudgeAgreement } from "./measure-judge-agreement.js";
export { type JudgeCallPlan, type PlanJudgeCallsOptions, planJudgeCalls } from "./plan-judge-calls.js";
export { type ReplayFields, type SplitShares, splitConversations, toReplayExamples } from "./replay-examples.js";
export { toJudgeCheck } from "./to-judge-check.js";
