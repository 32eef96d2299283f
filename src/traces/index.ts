export { type BuildConditioningOptions, buildConditioning, formatTraceLine } from "./build-conditioning.js";
export {
  type ImportTracesOptions,
  importTraces,
  type ParseTraceLinesOptions,
  parseTraceLine,
  parseTraceLines,
} from "./import-traces.js";
