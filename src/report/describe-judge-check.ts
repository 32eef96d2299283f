import type { JudgeCheck } from "../spec/events.js";

const percent = (value: number): string => `${Math.round(100 * value)}%`;

/**
 * One sentence on how far to trust a run's judge: its agreement with the users' logged feedback on held-out
 * conversations with the count and 95% interval (`… on 40 held-out conversations: 85% (95% CI 71–93%).`), or that it
 * is unknown when no held-out conversation had a logged score the judge rated (never a 0%).
 */
export function describeJudgeCheck(check: JudgeCheck): string {
  const unreadable = check.unreadable > 0 ? `; ${check.unreadable} verdicts unreadable` : "";
  const agreement = check.agreement;
  if (agreement === undefined)
    return `Judge agreement with logged feedback: unknown, no held-out conversation has a logged score the judge rated${unreadable}.`;
  return (
    `Judge agreement with logged feedback on ${agreement.examples} held-out conversations: ${percent(agreement.rate)} ` +
    `(95% CI ${Math.round(100 * agreement.low)}–${percent(agreement.high)})${unreadable}.`
  );
}
