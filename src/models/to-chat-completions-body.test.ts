import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { toChatCompletionsBody } from "./to-chat-completions-body.js";

const schema = { type: "object", properties: {} } as const;

function bodyFor(call: LanguageModelV3CallOptions, dialect: "openai" | "openai-compatible" = "openai-compatible") {
  return toChatCompletionsBody({ call, modelId: "m", dialect });
}

describe("toChatCompletionsBody", () => {
  it("sends several user text parts as parts and keeps assistant reasoning only for openai-compatible", () => {
    const call: LanguageModelV3CallOptions = {
      prompt: [
        {
          role: "user",
          content: [
            { type: "text", text: "a" },
            { type: "text", text: "b" },
          ],
        },
        {
          role: "assistant",
          content: [
            { type: "reasoning", text: "hmm" },
            { type: "text", text: "c" },
          ],
        },
      ],
    };
    const expectedUser = {
      role: "user",
      content: [
        { type: "text", text: "a" },
        { type: "text", text: "b" },
      ],
    };
    expect(bodyFor(call)).toMatchObject({
      kind: "body",
      body: { messages: [expectedUser, { role: "assistant", content: "c", reasoning_content: "hmm" }] },
    });
    expect(bodyFor(call, "openai")).toMatchObject({
      body: { messages: [expectedUser, { role: "assistant", content: "c" }] },
    });
  });

  it("asks for a JSON object, warning that an openai-compatible server gets no schema", () => {
    const call: LanguageModelV3CallOptions = {
      prompt: [{ role: "user", content: [{ type: "text", text: "json" }] }],
      responseFormat: { type: "json", schema },
    };
    const result = bodyFor(call);
    expect(result).toMatchObject({ kind: "body", body: { response_format: { type: "json_object" } } });
    expect(result.kind === "body" && result.warnings.map((warning) => warning.type)).toEqual(["unsupported"]);
    expect(bodyFor({ ...call, responseFormat: { type: "json" } }, "openai")).toMatchObject({
      body: { response_format: { type: "json_object" } },
    });
  });

  it("delegates what only the AI SDK provider expresses", () => {
    const prompt: LanguageModelV3CallOptions["prompt"] = [{ role: "user", content: [{ type: "text", text: "x" }] }];
    const providerTool = { type: "provider", id: "openai.web_search", name: "search", args: {} } as const;
    expect(bodyFor({ prompt, tools: [providerTool] }).kind).toBe("delegate");
    expect(bodyFor({ prompt, responseFormat: { type: "json", schema } }, "openai").kind).toBe("delegate");
    expect(bodyFor({ prompt, providerOptions: { openaiCompatible: { user: 42 } } }).kind).toBe("delegate");
    const withMessageOptions: LanguageModelV3CallOptions["prompt"] = [
      { role: "system", content: "s", providerOptions: { openaiCompatible: { name: "x" } } },
    ];
    expect(bodyFor({ prompt: withMessageOptions }).kind).toBe("delegate");
    expect(bodyFor({ prompt }).kind).toBe("body");
  });
});
