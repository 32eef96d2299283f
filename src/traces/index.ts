export { type BuildConditioningOptions, buildConditioning, formatTraceLine } from "./build-conditioning.js";
export { type ImportTracesOptions, importTraces, parseTraceLine } from "./import-traces.js";
