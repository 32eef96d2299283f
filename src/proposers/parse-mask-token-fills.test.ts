import { describe, expect, it } from "vitest";
import { maskPrompt } from "../prompt/mask-prompt.js";
import { buildChatInfillRequest } from "./build-chat-infill-messages.js";
import { parseMaskTokenFills } from "./parse-mask-token-fills.js";

const prompt = "You are a support agent. Be brief. Sign every reply.";
const maskedPrompt = maskPrompt({
  prompt,
  maskedSpans: [
    { start: 25, end: 34, slots: 3, strategy: "sentence" },
    { start: 35, end: 52, slots: 2, strategy: "sentence" },
  ],
});

describe("parseMaskTokenFills", () => {
  const request = buildChatInfillRequest({ maskedPrompt, conditioning: "", gapStyle: "mask-token", maskToken: "<M>" });

  it("shows each gap as the mask token once per slot inside <prompt> tags", () => {
    expect(request.user).toContain("<prompt>\nYou are a support agent. <M><M><M> <M><M>\n</prompt>");
    expect(request.system).toContain("runs of <M>");
  });

  it("reads the text between the prompt's own words as the fills", () => {
    const answer = "Sure!\n<prompt>\nYou are a support agent.  Answer in two sentences.  Never sign.\n</prompt>";
    expect(parseMaskTokenFills({ text: answer, segments: request.segments, maskToken: "<M>" })).toEqual({
      fills: ["Answer in two sentences.", "Never sign."],
      missing: [],
    });
  });

  it("reports gaps still masked or whose surrounding text was changed as missing", () => {
    const unfilled = "You are a support agent. Be kind. <M><M>";
    expect(parseMaskTokenFills({ text: unfilled, segments: request.segments, maskToken: "<M>" }).missing).toEqual([2]);
    const rewritten = "You are a helpful agent. Be kind. Sign.";
    expect(parseMaskTokenFills({ text: rewritten, segments: request.segments, maskToken: "<M>" }).missing).toEqual([
      1, 2,
    ]);
  });
});

describe("buildChatInfillRequest gap styles", () => {
  it("writes xml gaps and keeps the <fill> answer format", () => {
    const request = buildChatInfillRequest({ maskedPrompt, conditioning: "", gapStyle: "xml" });
    expect(request.user).toContain('You are a support agent. <gap id="1"/> <gap id="2"/>');
    expect(request.user).toContain('<fill id="2">…</fill>');
    expect(request.system).toContain('<gap id="1"/>');
  });
});
