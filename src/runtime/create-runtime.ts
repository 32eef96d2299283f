import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { createSeededRandom } from "../internal/seeded-random.js";
import type { Clock, Logger, LogLevel, ProcessIdentity, Runtime } from "../spec/runtime.js";

/** The real wall clock with abortable sleep. */
export function createSystemClock(): Clock {
  return {
    now: () => Date.now(),
    sleep: (ms, abortSignal) =>
      new Promise<void>((resolve, reject) => {
        if (abortSignal?.aborted) {
          reject(abortSignal.reason);
          return;
        }
        const onAbort = (): void => {
          clearTimeout(timer);
          reject(abortSignal?.reason);
        };
        const timer = setTimeout(() => {
          abortSignal?.removeEventListener("abort", onAbort);
          resolve();
        }, ms);
        abortSignal?.addEventListener("abort", onAbort, { once: true });
      }),
    every(ms, callback) {
      const timer = setInterval(callback, ms);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

/** This process: its pid, the host name, and a liveness check by signal 0 (EPERM means alive, owned by another user). */
export function createProcessIdentity(): ProcessIdentity {
  return {
    pid: process.pid,
    host: hostname(),
    isAlive(pid) {
      try {
        process.kill(pid, 0);
        return true;
      } catch (error) {
        return error instanceof Error && "code" in error && error.code === "EPERM";
      }
    },
  };
}

const secretField = /key|token|secret|authorization|password/i;

/** A logger writing JSON lines to a stream (stderr by default) at or above `level`; secret-looking fields are redacted. */
export function createStreamLogger(
  options: { readonly level?: LogLevel; readonly write?: (line: string) => void } = {},
): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  const threshold = order[options.level ?? "warn"];
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  return {
    log(level, message, fields) {
      if (order[level] < threshold) return;
      const safe = Object.fromEntries(
        Object.entries(fields ?? {}).map(([name, value]) => [name, secretField.test(name) ? "[redacted]" : value]),
      );
      write(`${JSON.stringify({ level, message, ...safe })}\n`);
    },
  };
}

/** The real runtime: system clock, a PRNG seeded with `seed`, UUID ids, a stderr logger, `process.env` and this process. */
export function createRuntime(
  options: { readonly seed?: number; readonly logger?: Logger; readonly env?: Runtime["env"] } = {},
): Runtime {
  return {
    clock: createSystemClock(),
    random: createSeededRandom(options.seed ?? 0),
    ids: { next: (prefix) => `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}` },
    logger: options.logger ?? createStreamLogger(),
    env: options.env ?? process.env,
    process: createProcessIdentity(),
  };
}
