import type { Database } from "better-sqlite3";
import type { LeaseOutcome, RunLease, RunStore } from "../spec/store.js";

/** A `run_leases` row, or the lease columns of a run joined with its lease (all null without one). */
export interface LeaseColumns {
  lease_owner: string | null;
  lease_pid: number | null;
  lease_host: string | null;
  lease_expires_at_ms: number | null;
}

/** The lease in a row's lease columns, or undefined when the run has none. */
export function toRunLease(row: LeaseColumns): RunLease | undefined {
  if (row.lease_owner === null || row.lease_expires_at_ms === null) return undefined;
  return {
    owner: row.lease_owner,
    ...(row.lease_pid === null ? {} : { pid: row.lease_pid }),
    ...(row.lease_host === null ? {} : { host: row.lease_host }),
    expiresAtMs: row.lease_expires_at_ms,
  };
}

/** The SQL that joins a run's lease onto `runs` rows, as lease columns. */
export const leaseJoin =
  "SELECT runs.*, run_leases.owner AS lease_owner, run_leases.pid AS lease_pid, run_leases.host AS lease_host, " +
  "run_leases.expires_at_ms AS lease_expires_at_ms FROM runs LEFT JOIN run_leases ON run_leases.run_id = runs.id";

/** The RunStore's lease methods over the `run_leases` table of `database`. */
export function createRunLeaseStatements(
  database: Database,
): Pick<RunStore, "acquireRunLease" | "renewRunLease" | "releaseRunLease"> {
  const get = database.prepare<[string], LeaseColumns>(
    "SELECT owner AS lease_owner, pid AS lease_pid, host AS lease_host, expires_at_ms AS lease_expires_at_ms FROM run_leases WHERE run_id = ?",
  );
  const put = database.prepare(
    "INSERT OR REPLACE INTO run_leases (run_id, owner, pid, host, expires_at_ms) VALUES (?, ?, ?, ?, ?)",
  );
  const renew = database.prepare("UPDATE run_leases SET expires_at_ms = ? WHERE run_id = ? AND owner = ?");
  const release = database.prepare("DELETE FROM run_leases WHERE run_id = ? AND owner = ?");
  const acquire = database.transaction(
    (runId: string, lease: RunLease, isStale: (holder: RunLease) => boolean): LeaseOutcome => {
      const row = get.get(runId);
      const holder = row === undefined ? undefined : toRunLease(row);
      if (holder !== undefined && holder.owner !== lease.owner && !isStale(holder)) return { acquired: false, holder };
      put.run(runId, lease.owner, lease.pid ?? null, lease.host ?? null, lease.expiresAtMs);
      return { acquired: true, previous: holder };
    },
  );
  return {
    acquireRunLease: (options) => acquire.immediate(options.runId, options.lease, options.isStale),
    renewRunLease: (options) => renew.run(options.expiresAtMs, options.runId, options.owner).changes > 0,
    releaseRunLease: (options) => {
      release.run(options.runId, options.owner);
    },
  };
}
