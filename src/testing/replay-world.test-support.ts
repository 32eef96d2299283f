import type { LoggedConversation } from "../traces/logged-conversation.js";
import type { ScriptedReply, TestServerRequest } from "./openai-test-server-replies.js";
import { requestMessages } from "./support-bot-replies.test-support.js";

/** The wording the scripted target rewards: with it in the system prompt, replies apologise first. */
export const betterWording = "Apologise for the trouble.";

const textOf = (content: unknown): string =>
  typeof content === "string"
    ? content
    : Array.isArray(content)
      ? content.map((part: unknown) => String((part as { text?: unknown }).text ?? "")).join("") // chat text parts
      : "";

/** Whether a request is a judge call (the judge's system message) rather than a target call. */
export function isJudgeRequest(request: TestServerRequest): boolean {
  return requestMessages(request).some(
    (message) => message.role === "system" && textOf(message.content).startsWith("You evaluate an AI assistant"),
  );
}

/**
 * The scripted world of judged-replay tests, one server for target and judge: the target apologises when its system
 * prompt holds {@link betterWording}; the judge is `honest` (prefers the apologising reply, ties otherwise; rates it 5
 * vs 2) or `first` (always prefers reply A: pure position bias). Test support only.
 */
export function replayWorld(judge: "honest" | "first"): (request: TestServerRequest) => ScriptedReply {
  return (request) => {
    const messages = requestMessages(request);
    if (!isJudgeRequest(request)) {
      const system = messages
        .filter((message) => message.role === "system")
        .map((m) => textOf(m.content))
        .join("");
      const user = textOf(messages.filter((message) => message.role === "user").at(-1)?.content);
      const answer = `Order ${/#(\w+)/.exec(user)?.[1] ?? "?"} has shipped.`;
      return { text: system.includes(betterWording) ? `Sorry for the trouble! ${answer}` : answer };
    }
    const question = textOf(messages.at(-1)?.content);
    if (judge === "first") return { text: "Winner: A\nReason: the first reply reads better." };
    if (question.includes("Reply A:")) {
      const replyA = /Reply A:\n([^\n]*)/.exec(question)?.[1] ?? "";
      const replyB = /Reply B:\n([^\n]*)/.exec(question)?.[1] ?? "";
      const sorryA = replyA.includes("Sorry");
      const sorryB = replyB.includes("Sorry");
      const winner = sorryA === sorryB ? "tie" : sorryA ? "A" : "B";
      return { text: `Winner: ${winner}\nReason: the better reply acknowledges the customer's trouble.` };
    }
    const reply = /Reply to evaluate:\n([^\n]*)/.exec(question)?.[1] ?? "";
    return { text: reply.includes("Sorry") ? "Score: 5\nReason: apologises." : "Score: 2\nReason: no apology." };
  };
}

/** `count` logged support conversations (system prompt, one user turn, the logged reply); every third was disliked. */
export function loggedSupportConversations(count: number, systemPrompt: string): LoggedConversation[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `conv-${index}`,
    messages: [
      { role: "system", content: systemPrompt },
      { role: "user", content: `My parcel #P${index} is late, where is it?` },
      { role: "assistant", content: `Order P${index} has shipped.` },
    ],
    ...(index % 3 === 0 ? { score: 0, feedback: "cold, no apology" } : {}),
  }));
}

/**
 * The whole world of the end-to-end traces test on one server: the production app and the replay target (see
 * {@link replayWorld}), the honest judge, the judge's rubric derivation, and a chat DLM that fills every gap with
 * {@link betterWording} or, for odd seeds, "Be quick.". Test support only.
 */
export function tracesEndToEndWorld(request: TestServerRequest): ScriptedReply {
  const body = JSON.stringify(request.body);
  if (body.includes("You improve system prompts")) {
    const gaps = new Set(body.match(/\[\[\d+\]\]/g) ?? []).size;
    const seed = (request.body as { seed?: number }).seed ?? 0; // the AI SDK sends the proposer's seed in the body
    const phrase = seed % 2 === 0 ? betterWording : "Be quick.";
    return {
      text: Array.from({ length: Math.max(1, gaps) }, (_, index) => `<fill id="${index + 1}">${phrase}</fill>`).join(
        "\n",
      ),
    };
  }
  if (body.includes("Write a rubric"))
    return { text: "- Apologises for the customer's trouble.\n- Gives the order status." };
  return replayWorld("honest")(request);
}
