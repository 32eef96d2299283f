export type { OtelSpan, OtelSpanEvent, OtelValue } from "../spec/otel-span.js";
export { type BuildConditioningOptions, buildConditioning, formatTraceLine } from "./build-conditioning.js";
export { decodeOtlpProtobuf } from "./decode-otlp-protobuf.js";
export {
  formatConversationLines,
  type ImportConversationsOptions,
  type ImportConversationsResult,
  importConversations,
  parseConversationText,
  type TraceFormat,
  traceFormats,
} from "./import-conversations.js";
export {
  type ImportTracesOptions,
  importTraces,
  type ParseTraceLinesOptions,
  parseTraceLine,
  parseTraceLines,
} from "./import-traces.js";
export { type ConversationFeedback, type JoinFeedbackResult, joinFeedback, parseFeedback } from "./join-feedback.js";
export type { LoggedConversation } from "./logged-conversation.js";
export { parseOtlpJson } from "./parse-otlp-json.js";
export { readTextFile } from "./read-text-file.js";
export { createRedactor, type RedactionCounts, type Redactor } from "./redact-conversations.js";
export { type OtlpTraceReceiver, type ServeOtlpTracesOptions, serveOtlpTraces } from "./serve-otlp-traces.js";
export { spansToConversations } from "./spans-to-conversations.js";
export { type TraceStats, traceStats } from "./trace-stats.js";
