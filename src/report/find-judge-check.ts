import type { JudgeCheck, OptimizerEvent } from "../spec/events.js";

/** A judged run's `judge-checked` event without its `type`, or undefined when the run has none. */
export function findJudgeCheck(events: readonly OptimizerEvent[]): JudgeCheck | undefined {
  const checked = events.find((event) => event.type === "judge-checked");
  if (checked === undefined) return undefined;
  const { type: _type, ...check } = checked;
  return check;
}
