export type RunKind = "eval" | "optimize" | "bench" | "infill" | "demo";
/** The status a run stores. */
export type RunStatus = "running" | "completed" | "failed" | "stopped";
/** The status shown to a user: a `running` run whose lease holder is gone is `interrupted` (resumable). */
export type RunState = RunStatus | "interrupted";

/** Who runs a run: written when a process starts or resumes it, renewed by a heartbeat, deleted when it ends. */
export interface RunLease {
  /** Unique per process and run session. */
  readonly owner: string;
  readonly pid?: number | undefined;
  readonly host?: string | undefined;
  /** Epoch milliseconds after which the lease is stale unless renewed. */
  readonly expiresAtMs: number;
}

/** What {@link RunStore.acquireRunLease} did: took the lease, or found another live holder. */
export type LeaseOutcome =
  | { readonly acquired: true; readonly previous?: RunLease | undefined }
  | { readonly acquired: false; readonly holder: RunLease };

export interface RunRecord {
  readonly id: string;
  readonly kind: RunKind;
  readonly status: RunStatus;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  readonly seed: number;
  /** The validated options the run was started with (secrets removed). */
  readonly config: unknown;
  /** Final figures once the run ends. */
  readonly summary?: unknown;
  /** The process holding the run, while one does (or did, until it died without releasing it). */
  readonly lease?: RunLease | undefined;
}

/** An append-only event: the source of truth a run resumes from. */
export interface StoredEvent {
  readonly runId: string;
  /** 1, 2, 3 … within a run. */
  readonly sequence: number;
  readonly type: string;
  readonly atMs: number;
  readonly data: unknown;
}

/** Score of one candidate prompt on one example. */
export interface ExampleResult {
  readonly runId: string;
  readonly candidateHash: string;
  readonly split: string;
  readonly exampleId: string;
  readonly score: number;
  readonly trace: unknown;
}

/** Persistence of runs. The SQLite store implements it; writes are durable when the call returns. */
export interface RunStore {
  createRun(run: Omit<RunRecord, "updatedAtMs">): void;
  updateRun(
    id: string,
    patch: { readonly status?: RunStatus; readonly summary?: unknown; readonly atMs: number },
  ): void;
  getRun(id: string): RunRecord | undefined;
  listRuns(options?: { readonly kind?: RunKind; readonly limit?: number }): readonly RunRecord[];
  appendEvent(event: Omit<StoredEvent, "sequence">): StoredEvent;
  listEvents(runId: string): readonly StoredEvent[];
  recordResults(results: readonly ExampleResult[]): void;
  /**
   * Takes the run's lease in one transaction when nobody holds it, the holder is this `lease.owner`, or
   * `isStale(holder)` says the holder is gone; otherwise returns the holder and changes nothing.
   */
  acquireRunLease(options: {
    readonly runId: string;
    readonly lease: RunLease;
    readonly isStale: (holder: RunLease) => boolean;
  }): LeaseOutcome;
  /** Moves the lease's expiry; false when `owner` no longer holds it (another process took it over). */
  renewRunLease(options: { readonly runId: string; readonly owner: string; readonly expiresAtMs: number }): boolean;
  /** Drops the lease when `owner` holds it. */
  releaseRunLease(options: { readonly runId: string; readonly owner: string }): void;
  listResults(
    runId: string,
    options?: { readonly candidateHash?: string; readonly split?: string },
  ): readonly ExampleResult[];
}
