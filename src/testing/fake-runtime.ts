import { createSeededRandom } from "../internal/seeded-random.js";
import type { Clock, LogLevel, Runtime } from "../spec/runtime.js";

export interface FakeClock extends Clock {
  /** Moves time forward, resolving sleeps that end by then. */
  advance(ms: number): void;
}

/**
 * A manual clock: `sleep` resolves when `advance` passes its deadline, or at once when `autoAdvance` is true; `every`
 * callbacks run when `advance` passes their next tick.
 */
export function createFakeClock(
  options: { readonly startMs?: number; readonly autoAdvance?: boolean } = {},
): FakeClock {
  let nowMs = options.startMs ?? 0;
  const sleepers: { until: number; resolve: () => void }[] = [];
  const repeaters = new Set<{ next: number; ms: number; callback: () => void }>();
  return {
    now: () => nowMs,
    sleep(ms, abortSignal) {
      if (options.autoAdvance ?? true) {
        nowMs += ms;
        return abortSignal?.aborted ? Promise.reject(abortSignal.reason) : Promise.resolve();
      }
      return new Promise((resolve, reject) => {
        sleepers.push({ until: nowMs + ms, resolve });
        abortSignal?.addEventListener("abort", () => reject(abortSignal.reason), { once: true });
      });
    },
    every(ms, callback) {
      const repeater = { next: nowMs + ms, ms, callback };
      repeaters.add(repeater);
      return () => repeaters.delete(repeater);
    },
    advance(ms) {
      nowMs += ms;
      for (const repeater of [...repeaters])
        while (repeaters.has(repeater) && repeater.next <= nowMs) {
          repeater.next += repeater.ms;
          repeater.callback();
        }
      for (let i = sleepers.length - 1; i >= 0; i -= 1) {
        const sleeper = sleepers[i];
        if (sleeper !== undefined && sleeper.until <= nowMs) {
          sleepers.splice(i, 1);
          sleeper.resolve();
        }
      }
    },
  };
}

export interface FakeRuntime extends Runtime {
  readonly clock: FakeClock;
  /** Every log line, for assertions. */
  readonly logs: { level: LogLevel; message: string; fields?: Readonly<Record<string, unknown>> | undefined }[];
}

/** A deterministic runtime for tests: fake clock, seeded random, counting ids, in-memory logs, given env. */
export function createFakeRuntime(
  options: { readonly seed?: number; readonly env?: Runtime["env"]; readonly autoAdvance?: boolean } = {},
): FakeRuntime {
  let counter = 0;
  const logs: FakeRuntime["logs"] = [];
  return {
    clock: createFakeClock({ autoAdvance: options.autoAdvance ?? true }),
    random: createSeededRandom(options.seed ?? 1),
    ids: {
      next: (prefix) => {
        counter += 1;
        return `${prefix}_${counter}`;
      },
    },
    logger: { log: (level, message, fields) => logs.push({ level, message, fields }) },
    env: options.env ?? {},
    logs,
  };
}
