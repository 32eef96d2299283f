export { DlmpoError, type DlmpoErrorCode, type DlmpoErrorOptions } from "./dlmpo-error.js";
export { toFileSystemError } from "./file-system-error.js";
export { type InputLocation, InvalidInputError } from "./invalid-input-error.js";
