import type { OptimizerEvent, OptimizerEventType } from "../spec/events.js";
import type { StoredEvent } from "../spec/store.js";

const knownTypes: ReadonlySet<string> = new Set<OptimizerEventType>([
  "run-started",
  "judge-checked",
  "round-started",
  "rollout-completed",
  "candidate-proposed",
  "candidates-dropped",
  "candidate-rejected",
  "candidate-scored",
  "candidate-accepted",
  "candidate-declined",
  "frontier-updated",
  "round-completed",
  "run-stopped",
  "test-scored",
  "test-compared",
  "example-failed",
  "run-completed",
]);

/**
 * The optimizer event inside a stored event, or undefined for event types a report does not know (newer optimizers
 * may add some). The stored `type` wins over a missing or different `data.type`.
 */
export function toOptimizerEvent(stored: StoredEvent): OptimizerEvent | undefined {
  if (!knownTypes.has(stored.type)) return undefined;
  const data = stored.data;
  if (data === null || typeof data !== "object" || Array.isArray(data)) return undefined;
  // The optimizer stores each OptimizerEvent as `data`; the discriminant was checked against the known types above.
  return { ...data, type: stored.type } as OptimizerEvent;
}
