import { describe, expect, it } from "vitest";
import { parseChatCompletion } from "./parse-chat-completion.js";

const parse = (json: unknown) => parseChatCompletion({ json, generateId: () => "generated" });

describe("parseChatCompletion", () => {
  it("names what is wrong with a body of the wrong shape", () => {
    expect(parse([])).toEqual({ ok: false, problem: "the body is not a JSON object" });
    expect(parse({ choices: null })).toEqual({ ok: false, problem: "choices is missing or not an array" });
    expect(parse({ choices: [] })).toEqual({ ok: false, problem: "the response did not contain any choices" });
    expect(parse({ choices: [{}] })).toEqual({ ok: false, problem: "choices[0].message is missing" });
    expect(parse({ choices: [{ message: { content: 7 } }] })).toEqual({
      ok: false,
      problem: "message.content is neither a string nor an array",
    });
    expect(parse({ choices: [{ message: { tool_calls: [{ function: { name: "f" } }] } }] })).toEqual({
      ok: false,
      problem: "message.tool_calls[0] lacks function.name or function.arguments (strings)",
    });
  });

  it("reads text parts and a refusal, which turns a stop into content-filter", () => {
    const result = parse({
      choices: [
        {
          message: {
            content: [{ type: "text", text: "a" }, { type: "image" }, { type: "text", text: "" }],
            refusal: "no",
          },
          finish_reason: "stop",
        },
      ],
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        content: [
          { type: "text", text: "a" },
          { type: "text", text: "no" },
        ],
        finishReason: { unified: "content-filter", raw: "stop" },
      },
    });
  });

  it("leaves usage and metadata undefined when the server reports none", () => {
    const result = parse({ choices: [{ message: { content: "x" } }] });
    expect(result.ok && result.value.usage).toEqual({
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    });
    expect(result).toMatchObject({
      ok: true,
      value: { id: undefined, modelId: undefined, timestamp: undefined, finishReason: { unified: "other" } },
    });
  });
});
