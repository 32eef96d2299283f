import type { ProcessIdentity } from "../spec/runtime.js";
import type { RunLease, RunRecord, RunState } from "../spec/store.js";

/** What tells whether a lease's holder is gone: the time now and, when known, this process (for its host). */
export interface LeaseCheck {
  /** Epoch milliseconds. */
  readonly nowMs: number;
  readonly process?: ProcessIdentity | undefined;
}

/**
 * Whether the holder of `lease` is gone: its lease expired (no heartbeat since), or it ran on this host and its
 * process no longer exists.
 */
export function isLeaseStale(lease: RunLease, check: LeaseCheck): boolean {
  if (lease.expiresAtMs <= check.nowMs) return true;
  const { process } = check;
  return process !== undefined && lease.host === process.host && lease.pid !== undefined && !process.isAlive(lease.pid);
}

/** The state to show for `run`: `interrupted` for a `running` run that no live process holds, else its status. */
export function runStateOf(run: RunRecord, check: LeaseCheck): RunState {
  if (run.status !== "running") return run.status;
  return run.lease === undefined || isLeaseStale(run.lease, check) ? "interrupted" : "running";
}
