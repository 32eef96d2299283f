import type { Example } from "../../spec/task.js";
import { replayFieldsOf } from "./replay-examples.js";

/** Characters per token of the estimate (English text in common tokenizers). */
const charactersPerToken = 4;

/**
 * Mean tokens of one replayed target call, estimated from the text it sends (the seed prompt and the conversation up
 * to the turn, tool calls included) and from the logged replies: what `--dry-run` prices a replayed call at, instead
 * of a classification call's few hundred tokens. An estimate (about four characters a token), not a count.
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
    input += seedPrompt.length;
    for (const message of fields.prefix) {
      if (message.role === "system") continue;
      input +=
        message.content.length + (message.toolCalls === undefined ? 0 : JSON.stringify(message.toolCalls).length);
    }
    output += fields.loggedReply.length;
  }
  const tokens = (characters: number): number => Math.ceil(characters / charactersPerToken / examples.length);
  return { inputTokens: tokens(input), outputTokens: tokens(output) };
}
