import { randomUUID } from "node:crypto";
import { createSeededRandom } from "../internal/seeded-random.js";
import type { Clock, Logger, LogLevel, Runtime } from "../spec/runtime.js";

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

/** The real runtime: system clock, a PRNG seeded with `seed`, UUID ids, a stderr logger and `process.env`. */
export function createRuntime(
  options: { readonly seed?: number; readonly logger?: Logger; readonly env?: Runtime["env"] } = {},
): Runtime {
  return {
    clock: createSystemClock(),
    random: createSeededRandom(options.seed ?? 0),
    ids: { next: (prefix) => `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}` },
    logger: options.logger ?? createStreamLogger(),
    env: options.env ?? process.env,
  };
}
