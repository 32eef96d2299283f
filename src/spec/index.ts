export type { CallCache } from "./call-cache.js";
export type {
  AcceptanceVerdict,
  JudgeCheck,
  ModelSpend,
  OptimizerEvent,
  OptimizerEventType,
  PairedTestName,
  Spend,
  TestComparison,
} from "./events.js";
export type {
  ChatTemplate,
  MaskPredictor,
  PositionDistribution,
  PredictOptions,
  PredictResult,
  Tokenizer,
} from "./mask-predictor.js";
export type { OtelSpan, OtelSpanEvent, OtelValue } from "./otel-span.js";
export type {
  DiffusionSettings,
  DroppedCandidate,
  MaskedSpan,
  ProposedCandidate,
  ProposeOptions,
  ProposeResult,
  Proposer,
  ScoredPrompt,
} from "./proposer.js";
export type { Clock, IdGenerator, Logger, LogLevel, ProcessIdentity, Random, Runtime } from "./runtime.js";
export type {
  ExampleResult,
  LeaseOutcome,
  RunKind,
  RunLease,
  RunRecord,
  RunState,
  RunStatus,
  RunStore,
  StoredEvent,
} from "./store.js";
export type { Example, MetricValue, RolloutOptions, SplitName, Task } from "./task.js";
export type { ToolCallRecord, Trace, TraceMessage } from "./trace.js";
