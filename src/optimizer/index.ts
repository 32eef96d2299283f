export { type AttributeSentencesOptions, attributeSentences } from "./attribute-sentences.js";
export { bestOf, computeFrontier, exampleWins, meanOf, type ScoredCandidate } from "./frontier.js";
export {
  modelIdOf,
  type OptimizeOptions,
  type OptimizeOutcome,
  type OptionalSettings,
  optimize,
  type ResumeRunOptions,
  type RunParts,
  resumeRun,
} from "./optimize.js";
export type { LineageEntry, OptimizeResult } from "./optimize-result.js";
export {
  type Budgets,
  defaultDiffusion,
  type OptimizerSettings,
  type OptimizerSettingsInput,
  type ParentSelection,
  resolveSettings,
} from "./optimizer-settings.js";
export { type PlanRunOptions, planRun, type RunPlan } from "./plan-run.js";
export {
  type SelectSpansOptions,
  type SentenceAttribution,
  type SpanStrategy,
  selectSpans,
  spanStrategies,
} from "./select-spans.js";
export type { ExhaustedBudget, SpendMeter } from "./spend-tracker.js";
export { halvingRungs, survivorsOf } from "./successive-halving.js";
