/** Machine-readable error codes. `exitCode` of the CLI: 2 for bad input/config, 1 for runtime failures. */
export type DlmpoErrorCode =
  | "invalid-input"
  | "invalid-config"
  | "missing-api-key"
  | "unknown-provider"
  | "provider-error"
  | "unreachable"
  | "context-length"
  | "aborted"
  | "not-found"
  | "budget-exhausted"
  | "timeout"
  | "run-in-use"
  | "internal";

const inputCodes: ReadonlySet<DlmpoErrorCode> = new Set([
  "invalid-input",
  "invalid-config",
  "missing-api-key",
  "unknown-provider",
  "context-length",
  "not-found",
]);

export interface DlmpoErrorOptions {
  readonly code: DlmpoErrorCode;
  readonly message: string;
  readonly isRetryable?: boolean | undefined;
  readonly statusCode?: number | undefined;
  readonly cause?: unknown;
}

/** Base of every error dlmpo throws. Messages say what happened and what to do, and never contain secrets. */
export class DlmpoError extends Error {
  readonly code: DlmpoErrorCode;
  readonly isRetryable: boolean;
  readonly statusCode: number | undefined;

  constructor(options: DlmpoErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DlmpoError";
    this.code = options.code;
    this.isRetryable = options.isRetryable ?? false;
    this.statusCode = options.statusCode;
  }

  /** 2 for bad input or configuration, 1 for failures at run time. */
  get exitCode(): 1 | 2 {
    return inputCodes.has(this.code) ? 2 : 1;
  }

  static is(value: unknown): value is DlmpoError {
    return value instanceof DlmpoError;
  }
}
