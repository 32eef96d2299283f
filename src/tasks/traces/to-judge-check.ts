import type { JudgeCheck, Spend } from "../../spec/events.js";
import type { JudgeAgreement } from "./measure-judge-agreement.js";

/**
 * The run event's form of a judge's rubric, measured agreement and what they cost (`optimize({ judgeCheck })`): the
 * agreement is left out when no held-out conversation had a logged score the judge rated, so it reads as unknown
 * rather than 0%.
 */
export function toJudgeCheck(options: {
  readonly judgeModelId: string;
  readonly rubric: string;
  readonly agreement: JudgeAgreement;
  /** What the checks cost (the judge's calls before the run). */
  readonly spend?: Spend | undefined;
}): JudgeCheck {
  const { agreement } = options;
  return {
    judgeModelId: options.judgeModelId,
    rubric: options.rubric,
    unreadable: agreement.unreadable,
    ...(options.spend === undefined ? {} : { spend: options.spend }),
    ...(agreement.rate === undefined
      ? {}
      : {
          agreement: {
            examples: agreement.examples,
            agreements: agreement.agreements,
            rate: agreement.rate.value,
            low: agreement.rate.low,
            high: agreement.rate.high,
          },
        }),
  };
}
