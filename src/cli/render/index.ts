export {
  type CreateProgressReporterOptions,
  createProgressReporter,
  type ProgressReporter,
} from "./create-progress-reporter.js";
export { type EvalSummary, renderEvalSummary } from "./render-eval-summary.js";
export { renderTable } from "./render-table.js";
