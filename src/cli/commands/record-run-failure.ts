import { DlmpoError } from "../../errors/dlmpo-error.js";
import type { ModelUsage } from "../../models/usage-meter.js";
import type { RunStore } from "../../spec/store.js";

/**
 * Marks a run of `dlmpo eval` or `dlmpo bench tau` as ended by `error`: `stopped` when it was aborted (code
 * `aborted`), `failed` otherwise, with the error's message and the usage so far as its summary.
 */
export function recordRunFailure(options: {
  readonly store: Pick<RunStore, "updateRun">;
  readonly runId: string;
  readonly error: unknown;
  readonly usage: ModelUsage;
  /** When the run ended, in epoch milliseconds. */
  readonly atMs: number;
}): void {
  const { error } = options;
  const stopped = DlmpoError.is(error) && error.code === "aborted";
  const message = error instanceof Error ? error.message : String(error);
  options.store.updateRun(options.runId, {
    status: stopped ? "stopped" : "failed",
    summary: { error: message, usage: options.usage },
    atMs: options.atMs,
  });
}
