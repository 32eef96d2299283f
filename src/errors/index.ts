export { DlmpoError, type DlmpoErrorCode, type DlmpoErrorOptions } from "./dlmpo-error.js";
export { type InputLocation, InvalidInputError } from "./invalid-input-error.js";
