export * from "./errors/index.js";
export { createRuntime } from "./runtime/index.js";
export type * from "./spec/index.js";
