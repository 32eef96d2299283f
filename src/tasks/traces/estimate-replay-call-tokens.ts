import type { Example } from "../../spec/task.js";
import { replayFieldsOf } from "./replay-examples.js";

/** Characters per token of the estimate (English text in common tokenizers). */
const charactersPerToken = 4;
/** Tokens a chat request spends on each message's framing (role and separators), and on priming the reply. */
const tokensPerMessage = 4;
const tokensPerReply = 3;

/**
 * Mean tokens of one replayed target call, estimated from the text it sends (the seed prompt and the conversation up
 * to the turn, tool calls included) and from the logged replies: what `--dry-run` prices a replayed call at, instead
 * of a classification call's few hundred tokens. An estimate (about four characters a token, plus each message's
 * framing), not a count.
 */
export function estimateReplayCallTokens(options: {
  readonly examples: readonly Example[];
  readonly seedPrompt: string;
}): { readonly inputTokens: number; readonly outputTokens: number } {
  const { examples, seedPrompt } = options;
  if (examples.length === 0) return { inputTokens: 0, outputTokens: 0 };
  let input = 0;
  let output = 0;
  for (const example of examples) {
    const fields = replayFieldsOf(example);
    let characters = seedPrompt.length;
    let messages = 1;
    for (const message of fields.prefix) {
      if (message.role === "system") continue;
      characters += message.content.length;
      if (message.toolCalls !== undefined) characters += JSON.stringify(message.toolCalls).length;
      messages += 1;
    }
    input += characters / charactersPerToken + messages * tokensPerMessage + tokensPerReply;
    output += fields.loggedReply.length / charactersPerToken;
  }
  return { inputTokens: Math.ceil(input / examples.length), outputTokens: Math.ceil(output / examples.length) };
}
