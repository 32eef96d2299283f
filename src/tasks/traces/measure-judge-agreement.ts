import type { LanguageModelV3 } from "@ai-sdk/provider";
import { type Interval, wilsonInterval } from "../../internal/statistics.js";
import type { LoggedConversation } from "../../traces/logged-conversation.js";
import { judgeAbsolute } from "./judge-reply.js";
import { toTranscript } from "./to-model-prompt.js";

/** How well the judge agrees with what users said. */
export interface JudgeAgreement {
  /** Conversations with a logged score that the judge rated (unreadable verdicts left out). */
  readonly examples: number;
  /** Of them, how many the judge put on the same side of ½ as the user. */
  readonly agreements: number;
  /** The share that agrees, with its 95% Wilson interval; undefined when `examples` is 0. */
  readonly rate: Interval | undefined;
  /** Judge verdicts that could not be read. */
  readonly unreadable: number;
}

/** Default most judge calls of {@link measureJudgeAgreement}. */
const defaultMaxExamples = 50;

/**
 * The conversations {@link measureJudgeAgreement} rates, one judge call each: the first `maxExamples` (default 50)
 * with a logged score and a user turn.
 */
export function agreementSample(options: {
  readonly conversations: readonly LoggedConversation[];
  readonly maxExamples?: number | undefined;
}): LoggedConversation[] {
  return options.conversations
    .filter((conversation) => conversation.score !== undefined)
    .slice(0, options.maxExamples ?? defaultMaxExamples)
    .filter((conversation) => conversation.messages.some((message) => message.role === "user"));
}

/**
 * Measures whether to trust the judge: on held-out conversations that carry a logged score (thumbs or 0–1), the judge
 * rates the logged last reply with the rubric (absolute, 1–5 → 0–1); it agrees when its rating and the user's score
 * fall on the same side of ½ (both ≥ ½: liked; both below: disliked). At most `maxExamples` (default 50) calls.
 */
export async function measureJudgeAgreement(options: {
  readonly judge: LanguageModelV3;
  readonly rubric: string;
  readonly conversations: readonly LoggedConversation[];
  readonly maxExamples?: number | undefined;
  readonly abortSignal?: AbortSignal | undefined;
}): Promise<JudgeAgreement> {
  let examples = 0;
  let agreements = 0;
  let unreadable = 0;
  for (const conversation of agreementSample(options)) {
    const lastUser = conversation.messages.findLastIndex((message) => message.role === "user");
    const reply = toTranscript(conversation.messages.slice(lastUser + 1)).replace(/^assistant: /gm, "");
    const verdict = await judgeAbsolute({
      judge: options.judge,
      rubric: options.rubric,
      transcript: toTranscript(conversation.messages.slice(0, lastUser + 1)),
      reply,
      abortSignal: options.abortSignal,
    });
    if (verdict.score === undefined) {
      unreadable += 1;
      continue;
    }
    examples += 1;
    if (verdict.score >= 0.5 === (conversation.score ?? 0) >= 0.5) agreements += 1;
  }
  return {
    examples,
    agreements,
    rate: examples === 0 ? undefined : wilsonInterval({ successes: agreements, total: examples }),
    unreadable,
  };
}
