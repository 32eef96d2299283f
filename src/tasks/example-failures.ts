import { DlmpoError } from "../errors/dlmpo-error.js";

/** Error codes of a rollout that make one example fail rather than the evaluation (the provider's, after retries). */
const exampleFailureCodes: ReadonlySet<string> = new Set(["provider-error", "timeout", "context-length"]);

/**
 * Whether a rollout's error fails only its example (a provider failure that outlived the models layer's retries:
 * DlmpoError `provider-error`, `timeout`, `context-length`) rather than the whole evaluation.
 */
export function isExampleFailure(error: unknown): error is DlmpoError {
  return DlmpoError.is(error) && exampleFailureCodes.has(error.code);
}

/** The error that stops an evaluation or a run once more than `maxFailures` examples failed. */
export function tooManyFailuresError(options: {
  readonly failed: number;
  readonly maxFailures: number;
  readonly lastReason: string | undefined;
}): DlmpoError {
  return new DlmpoError({
    code: "provider-error",
    message:
      `Stopped: ${options.failed} examples failed after their retries, more than the ${options.maxFailures} allowed ` +
      `(max failures). Last: ${options.lastReason ?? "unknown"}`,
  });
}
