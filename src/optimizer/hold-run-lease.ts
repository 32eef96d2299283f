import { DlmpoError } from "../errors/dlmpo-error.js";
import type { Runtime } from "../spec/runtime.js";
import type { RunLease, RunStore } from "../spec/store.js";
import { isLeaseStale } from "./run-state-of.js";

/** A run lease this process holds: renewed in the background until released. */
export interface HeldRunLease {
  /** Aborted (reason: a DlmpoError `run-in-use`) when another process took the lease over. */
  readonly lostSignal: AbortSignal;
  /** Stops the heartbeat and drops the lease. Safe to call twice. */
  release(): void;
}

/** The error of a run that a live process holds: which process, and what to do. */
export function runInUseError(options: { readonly runId: string; readonly holder: RunLease }): DlmpoError {
  const { holder } = options;
  const where = holder.pid === undefined ? "another process" : `process ${holder.pid} on ${holder.host ?? "?"}`;
  return new DlmpoError({
    code: "run-in-use",
    message: `Run ${options.runId} is already running in ${where}. Wait for it to end, or stop it (Ctrl-C, or create .dlmpo/stop) and resume it then.`,
  });
}

/** Options of {@link holdRunLease}. */
export interface HoldRunLeaseOptions {
  readonly store: RunStore;
  readonly runId: string;
  /** Clock (heartbeat timer and expiry), ids (the owner id), process (pid and host), logger. */
  readonly runtime: Runtime;
  /** How long a lease lives without a heartbeat, in ms; renewed every quarter of it. Default 60 000. */
  readonly ttlMs?: number | undefined;
}

/**
 * Takes the lease of run `runId` for this process, so no other process runs it at the same time, and renews it on a
 * timer of `runtime.clock` (which never keeps the process alive). A lease whose holder is gone (expired, or its process
 * on this host died) is taken over.
 *
 * @throws DlmpoError (`run-in-use`, exit 1) when a live process holds the run.
 */
export function holdRunLease(options: HoldRunLeaseOptions): HeldRunLease {
  const { store, runId, runtime } = options;
  const ttlMs = options.ttlMs ?? 60_000;
  const process = runtime.process;
  // Ids are unique within a process; the host and pid make them unique across processes too.
  const owner = `${process?.host ?? ""}:${process?.pid ?? ""}:${runtime.ids.next("lease")}`;
  const outcome = store.acquireRunLease({
    runId,
    lease: { owner, pid: process?.pid, host: process?.host, expiresAtMs: runtime.clock.now() + ttlMs },
    isStale: (holder) => isLeaseStale(holder, { nowMs: runtime.clock.now(), process }),
  });
  if (!outcome.acquired) throw runInUseError({ runId, holder: outcome.holder });
  if (outcome.previous !== undefined)
    runtime.logger.log("info", "took over the lease of a run whose process is gone", { runId });
  const controller = new AbortController();
  let released = false;
  const stop = runtime.clock.every(Math.max(1, Math.floor(ttlMs / 4)), () => {
    try {
      if (store.renewRunLease({ runId, owner, expiresAtMs: runtime.clock.now() + ttlMs })) return;
    } catch (error) {
      // A busy or failing store misses one heartbeat; the next one tries again before the lease expires.
      runtime.logger.log("warn", "could not renew the run lease", { runId, error: String(error) });
      return;
    }
    stop();
    controller.abort(
      new DlmpoError({
        code: "run-in-use",
        message: `Run ${runId} was taken over by another process; this one stops.`,
      }),
    );
  });
  return {
    lostSignal: controller.signal,
    release() {
      if (released) return;
      released = true;
      stop();
      store.releaseRunLease({ runId, owner });
    },
  };
}
