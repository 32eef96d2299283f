export type RunKind = "eval" | "optimize" | "bench" | "infill" | "demo";
export type RunStatus = "running" | "completed" | "failed" | "stopped";

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
  listResults(
    runId: string,
    options?: { readonly candidateHash?: string; readonly split?: string },
  ): readonly ExampleResult[];
}
