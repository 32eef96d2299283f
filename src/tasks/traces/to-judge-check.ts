import type { JudgeCheck } from "../../spec/events.js";
import type { JudgeAgreement } from "./measure-judge-agreement.js";

/**
 * The run event's form of a judge's rubric and measured agreement (`optimize({ judgeCheck })`): the agreement is left
 * out when no held-out conversation had a logged score the judge rated, so it reads as unknown rather than 0%.
 */
export function toJudgeCheck(options: {
  readonly judgeModelId: string;
  readonly rubric: string;
  readonly agreement: JudgeAgreement;
}): JudgeCheck {
  const { agreement } = options;
  return {
    judgeModelId: options.judgeModelId,
    rubric: options.rubric,
    unreadable: agreement.unreadable,
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
