/** Wall-clock and timers. Only `runtime/` implements it against the real clock. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with the signal's reason when aborted. */
  sleep(ms: number, abortSignal?: AbortSignal | undefined): Promise<void>;
  /**
   * Calls `callback` every `ms` milliseconds until the returned function is called. The timer never keeps the
   * process alive on its own (heartbeats of run leases use it).
   */
  every(ms: number, callback: () => void): () => void;
}

/** A seeded pseudo-random source. `fork` derives an independent stream from a label, so order of use elsewhere does not matter. */
export interface Random {
  readonly seed: number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** A new generator whose sequence depends only on this generator's seed and `label`. */
  fork(label: string): Random;
}

/** Creates identifiers (run ids, event ids). */
export interface IdGenerator {
  next(prefix: string): string;
}

export type LogLevel = "debug" | "info" | "warn" | "error";

/** Structured log sink. Fields must never contain secrets; implementations redact known key names anyway. */
export interface Logger {
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** The operating-system process running the code; run leases record it so another process can tell a dead owner. */
export interface ProcessIdentity {
  readonly pid: number;
  /** Host name; a pid is only checked on the host that recorded it. */
  readonly host: string;
  /** Whether a process with this pid exists on this host. */
  isAlive(pid: number): boolean;
}

/** Every effect the library core may use, injected by the caller (the CLI builds the real one). */
export interface Runtime {
  readonly clock: Clock;
  readonly random: Random;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  /** Environment variables (API keys and the like), read-only. The library never reads `process.env` itself. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** This process, for run leases; without it a lease is judged by its expiry alone. */
  readonly process?: ProcessIdentity | undefined;
}
