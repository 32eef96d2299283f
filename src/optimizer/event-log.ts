import { DlmpoError } from "../errors/dlmpo-error.js";
import { toCanonicalJson } from "../internal/stable-hash.js";
import type { OptimizerEvent } from "../spec/events.js";
import type { Clock } from "../spec/runtime.js";
import type { RunStore, StoredEvent } from "../spec/store.js";

/** Appends a run's events to the store; on resume, first checks re-executed events against the stored ones. */
export interface EventLog {
  emit(event: OptimizerEvent): void;
  /** True while re-executed events are still being matched against stored ones. */
  readonly isReplaying: boolean;
}

/** Options of {@link createEventLog}. */
export interface EventLogOptions {
  readonly store: RunStore;
  readonly runId: string;
  readonly clock: Clock;
  /** Events already stored for the run (a resume); they are matched, not appended again. */
  readonly storedEvents: readonly StoredEvent[];
  /** Called after each new event is durably stored (not for matched replays). */
  readonly onEvent?: ((event: OptimizerEvent) => void) | undefined;
}

/**
 * Creates the event log of one session of a run. While stored events remain, each emitted event must equal the next
 * stored one (ignoring `spend` and a candidate's `cost`, which measure time and work done, so runs stored before they were
 * recorded still resume; a `candidates-dropped` event that such a run lacks is skipped too); after them, events are
 * appended and passed to `onEvent`.
 *
 * @throws DlmpoError (`invalid-config`) from `emit` when a re-executed event differs from the stored one: the task, the
 *   data, the models or the proposer changed since the run started.
 */
export function createEventLog(options: EventLogOptions): EventLog {
  const { store, runId, clock, storedEvents } = options;
  let cursor = 0;
  return {
    get isReplaying() {
      return cursor < storedEvents.length;
    },
    emit(event) {
      const stored = storedEvents[cursor];
      // Runs stored before the fluency gate's drops were recorded have no such event: nothing to match or append.
      if (stored !== undefined && event.type === "candidates-dropped" && stored.type !== event.type) return;
      if (stored !== undefined) {
        cursor += 1;
        const expected = comparable(stored.data);
        const actual = comparable(event);
        if (expected !== actual) {
          throw new DlmpoError({
            code: "invalid-config",
            message:
              `Run ${runId} cannot resume: event ${stored.sequence} differs from the stored one ` +
              `(stored ${stored.type}, now ${event.type}). Resume with the same task, data, models and proposer.`,
          });
        }
        return;
      }
      store.appendEvent({ runId, type: event.type, atMs: clock.now(), data: event });
      options.onEvent?.(event);
    },
  };
}

function comparable(data: unknown): string {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return toCanonicalJson(data);
  const { spend: _spend, cost: _cost, ...rest } = data as Record<string, unknown>; // stored data is a JSON object here (checked above)
  return toCanonicalJson(rest);
}
