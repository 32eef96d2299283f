export { createRuntime, createStreamLogger, createSystemClock } from "./create-runtime.js";
