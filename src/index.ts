export {
  type BaselineMethod,
  type BaselineProposerOptions,
  baselineMethods,
  createBaselineProposer,
  isBaselineMethod,
} from "./baselines/index.js";
export {
  BUILTIN_TARGET_NAME,
  type BuiltinMaskPredictorOptions,
  type BuiltinTargetModelOptions,
  builtinModelDirectory,
  createBuiltinMaskPredictor,
  createBuiltinTargetModel,
  createHuggingFaceTokenizer,
  createOnnxMaskPredictor,
  createRemoteMaskPredictor,
  type DenoiseBatchOptions,
  type DenoiseBatchResult,
  type DenoiseOptions,
  type DenoiseResult,
  denoise,
  denoiseBatch,
  type LogitsServer,
  loadOnnxModelConfig,
  type OnnxModelConfig,
  type ServeLogitsOptions,
  serveLogits,
} from "./diffusion/index.js";
export {
  DlmpoError,
  type DlmpoErrorCode,
  type DlmpoErrorOptions,
  type InputLocation,
  InvalidInputError,
} from "./errors/index.js";
export {
  type CacheMode,
  createAdaptiveLimiter,
  createUsageMeter,
  defaultPriceTable,
  type ModelPrice,
  type ModelSpec,
  type ModelUsage,
  parseModelSpec,
  type ResolvedModel,
  type ResolveModelOptions,
  resolveModel,
  type UsageMeter,
  wrapModel,
} from "./models/index.js";
export {
  type AttributeSentencesOptions,
  attributeSentences,
  type Budgets,
  computeFrontier,
  defaultDiffusion,
  type LineageEntry,
  type OptimizeOptions,
  type OptimizeOutcome,
  type OptimizeResult,
  type OptimizerSettings,
  optimize,
  type ParentSelection,
  planRun,
  type ResumeRunOptions,
  type RunParts,
  type RunPlan,
  resolveSettings,
  resumeRun,
  type SelectSpansOptions,
  type SpanStrategy,
  selectSpans,
  spanStrategies,
} from "./optimizer/index.js";
export {
  diffPrompts,
  fillPrompt,
  findProtectedRegions,
  maskPrompt,
  parseMaskSpec,
  promptHash,
  resolveMaskSpecs,
  splitPrompt,
  stripKeepTags,
  validateCandidate,
} from "./prompt/index.js";
export {
  createChatInfillProposer,
  createFimProposer,
  createNativeProposer,
  layoutPlainInfill,
} from "./proposers/index.js";
export {
  type RunSummary,
  renderHtmlReport,
  renderJsonReport,
  renderMarkdownSummary,
  renderStepsChart,
  summarizeRun,
} from "./report/index.js";
export { createRuntime, createStreamLogger, createSystemClock } from "./runtime/index.js";
export type * from "./spec/index.js";
export { openSqliteStore, type SqliteStore } from "./store/index.js";
export {
  type ClassificationTask,
  classificationSets,
  type EvaluatePromptOptions,
  type EvaluatePromptResult,
  evaluatePrompt,
  type LoadClassificationTaskOptions,
  loadClassificationTask,
  parseLabel,
} from "./tasks/index.js";
export {
  createTauBenchTask,
  loadTauBenchTask,
  loadTauDomain,
  passHatK,
  runTauBench,
  runTauEpisode,
  type TauBenchResult,
} from "./tasks/tau-bench/index.js";
export { buildConditioning, importTraces } from "./traces/index.js";
