export { type AxisScale, type ChartFrame, createChartFrame, niceTicks } from "./chart-frame.js";
export type { FlippedExample, FlipSet, SplitComparison } from "./compare-seed-best.js";
export { describeJudgeCheck } from "./describe-judge-check.js";
export { describeTestComparison, noCandidateBeatTheSeed } from "./describe-test-comparison.js";
export { escapeHtml } from "./escape-html.js";
export { renderHtmlReport, reportContentSecurityPolicy } from "./render-html-report.js";
export { jsonReportVersion, renderJsonReport } from "./render-json-report.js";
export { type LineSeries, renderLineChart } from "./render-line-chart.js";
export { renderMarkdownSummary } from "./render-markdown-summary.js";
export { type PromptChange, renderPlainWordDiff, renderPromptDiff } from "./render-prompt-diff.js";
export { renderStepsChart, type StepsPoint } from "./render-steps-chart.js";
export type { ScoreInterval } from "./score-interval.js";
export type { SpendRow } from "./spend-rows.js";
export {
  type AcceptedChange,
  type CandidateStatus,
  type CandidateView,
  type RoundView,
  type RunSummary,
  type StoredRun,
  summarizeRun,
} from "./summarize-run.js";
