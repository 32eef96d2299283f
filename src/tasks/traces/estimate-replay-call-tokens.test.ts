import { describe, expect, it } from "vitest";
import { estimateReplayCallTokens } from "./estimate-replay-call-tokens.js";

const example = (id: string, prefix: readonly { role: string; content: string }[], loggedReply: string) => ({
  id,
  fields: { conversationId: id, prefix, loggedReply },
});

describe("estimateReplayCallTokens", () => {
  it("averages the seed prompt, the conversation sent (logged system messages left out) and the logged replies", () => {
    const examples = [
      example(
        "a",
        [
          { role: "system", content: "x".repeat(4000) },
          { role: "user", content: "u".repeat(400) },
        ],
        "r".repeat(80),
      ),
      example(
        "b",
        [
          { role: "user", content: "u".repeat(400) },
          { role: "assistant", content: "a".repeat(800) },
          { role: "user", content: "u".repeat(400) },
        ],
        "r".repeat(160),
      ),
    ];
    // Input: 600 characters in 2 messages (150 + 8 + 3 tokens) and 1,800 in 4 (450 + 16 + 3), mean 315 tokens;
    // output: mean 120 characters = 30 tokens.
    expect(estimateReplayCallTokens({ examples, seedPrompt: "p".repeat(200) })).toEqual({
      inputTokens: 315,
      outputTokens: 30,
    });
    expect(estimateReplayCallTokens({ examples: [], seedPrompt: "p" })).toEqual({ inputTokens: 0, outputTokens: 0 });
  });
});
