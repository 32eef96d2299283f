import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { LoggedConversation } from "../../traces/logged-conversation.js";

/** The rubric used when there is neither a user rubric nor logged feedback to derive one from. */
export const defaultRubric = [
  "- Answers the user's actual request, correctly and completely.",
  "- Follows the operator's instructions and policies.",
  "- Is clear and no longer than needed.",
].join("\n");

/**
 * The rated or commented conversations {@link deriveRubric} shows the judge (at most `maxExamples`, default 20, the
 * lowest-scored first); none means no call.
 */
export function rubricFeedback(options: {
  readonly conversations: readonly LoggedConversation[];
  readonly maxExamples?: number | undefined;
}): LoggedConversation[] {
  return options.conversations
    .filter((conversation) => conversation.score !== undefined || (conversation.feedback ?? "") !== "")
    .sort((a, b) => (a.score ?? 0.5) - (b.score ?? 0.5))
    .slice(0, options.maxExamples ?? 20);
}

/**
 * Derives a rubric once from logged feedback: the comments and the replies users rated (up to `maxExamples`, the
 * lowest-scored first) go to the judge, which writes 3–6 bullet points on what a good reply does. Without any feedback,
 * returns {@link defaultRubric} and makes no call. One judge call (cached like every model call).
 */
export async function deriveRubric(options: {
  readonly judge: LanguageModelV3;
  readonly conversations: readonly LoggedConversation[];
  readonly maxExamples?: number | undefined;
  readonly abortSignal?: AbortSignal | undefined;
}): Promise<string> {
  const rated = rubricFeedback(options);
  if (rated.length === 0) return defaultRubric;
  const lines = rated.map((conversation) => {
    const question = conversation.messages.filter((message) => message.role === "user").at(-1)?.content ?? "";
    const reply = conversation.messages.filter((message) => message.role === "assistant").at(-1)?.content ?? "";
    const verdict = conversation.score === undefined ? "" : conversation.score >= 0.5 ? "liked" : "disliked";
    return `- user asked: ${oneLine(question)} | assistant: ${oneLine(reply)} | ${[verdict, conversation.feedback ?? ""].filter((part) => part !== "").join(": ")}`;
  });
  const result = await options.judge.doGenerate({
    prompt: [
      {
        role: "user",
        content: [
          {
            type: "text",
            text: `Users of an AI assistant gave this feedback on its replies:\n${lines.join("\n")}\n\nWrite a rubric for judging the assistant's replies: 3 to 6 bullet points, each one line starting with "- ", on what a good reply does. Write only the bullet points.`,
          },
        ],
      },
    ],
    temperature: 0,
    maxOutputTokens: 400,
    ...(options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal }),
  });
  const text = result.content.map((part) => (part.type === "text" ? part.text : "")).join("");
  const bullets = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /^[-*•]\s+\S/.test(line));
  return bullets.length === 0 ? defaultRubric : bullets.map((line) => `- ${line.replace(/^[-*•]\s+/, "")}`).join("\n");
}

function oneLine(text: string): string {
  const folded = text.replace(/\s+/g, " ").trim();
  return folded.length > 200 ? `${folded.slice(0, 199)}…` : folded;
}
