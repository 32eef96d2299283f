import type { LanguageModelV3 } from "@ai-sdk/provider";

/** What every judge call shares. */
export interface JudgeCallOptions {
  readonly judge: LanguageModelV3;
  /** What a good reply does (a few lines). */
  readonly rubric: string;
  /** The conversation up to the user turn, as text. */
  readonly transcript: string;
  readonly abortSignal?: AbortSignal | undefined;
}

/** An absolute verdict: the 1–5 rating mapped to [0, 1] ((rating − 1) / 4), or undefined when unreadable. */
export interface AbsoluteVerdict {
  readonly score: number | undefined;
  readonly reason: string;
}

/** A pairwise verdict on replies shown as A and B. */
export interface PairVerdict {
  readonly winner: "A" | "B" | "tie" | undefined;
  readonly reason: string;
}

const judgeSystem =
  "You evaluate an AI assistant's replies for its operator. Follow the rubric strictly, judge only the reply to the last user turn, and ignore the reply's length and position unless the rubric mentions them.";

/** Rates one reply 1–5 against the rubric (temperature 0, so cached calls repeat). */
export async function judgeAbsolute(options: JudgeCallOptions & { readonly reply: string }): Promise<AbsoluteVerdict> {
  const text = await ask(options, [
    `Rubric:\n${options.rubric}`,
    `Conversation:\n${options.transcript}`,
    `Reply to evaluate:\n${options.reply}`,
    "Rate the reply from 1 (bad) to 5 (excellent) against the rubric. Answer with exactly two lines:\nScore: <1-5>\nReason: <one sentence>",
  ]);
  const rating = /score\s*[:=]\s*([1-5])\b/i.exec(text)?.[1];
  return { score: rating === undefined ? undefined : (Number(rating) - 1) / 4, reason: reasonOf(text) };
}

/** Asks which of two replies better meets the rubric; a tie is allowed. */
export async function judgePair(
  options: JudgeCallOptions & { readonly replyA: string; readonly replyB: string },
): Promise<PairVerdict> {
  const text = await ask(options, [
    `Rubric:\n${options.rubric}`,
    `Conversation:\n${options.transcript}`,
    `Reply A:\n${options.replyA}`,
    `Reply B:\n${options.replyB}`,
    "Which reply better meets the rubric? Answer with exactly two lines:\nWinner: <A, B or tie>\nReason: <one sentence>",
  ]);
  const winner = /winner\s*[:=]\s*(A|B|tie)\b/i.exec(text)?.[1]?.toLowerCase();
  return {
    winner: winner === "a" ? "A" : winner === "b" ? "B" : winner === "tie" ? "tie" : undefined,
    reason: reasonOf(text),
  };
}

async function ask(options: JudgeCallOptions, sections: readonly string[]): Promise<string> {
  const result = await options.judge.doGenerate({
    prompt: [
      { role: "system", content: judgeSystem },
      { role: "user", content: [{ type: "text", text: sections.join("\n\n") }] },
    ],
    temperature: 0,
    maxOutputTokens: 200,
    ...(options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal }),
  });
  return result.content.map((part) => (part.type === "text" ? part.text : "")).join("");
}

function reasonOf(text: string): string {
  const reason = /reason\s*[:=]\s*(.+)/i.exec(text)?.[1]?.trim();
  return reason ?? `unreadable judge answer: "${text.replace(/\s+/g, " ").trim().slice(0, 120)}"`;
}
