import { describe, expect, it } from "vitest";
import { promptHash } from "./prompt-hash.js";
import { stripKeepTags } from "./strip-keep-tags.js";

describe("promptHash", () => {
  it("is the same for prompts differing only in line endings and edge whitespace", () => {
    expect(promptHash("Be kind.\r\nBe brief.  \n")).toBe(promptHash("  Be kind.\nBe brief."));
    expect(promptHash("Be kind.")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("differs when a word differs", () => {
    expect(promptHash("Be kind.")).not.toBe(promptHash("Be kinder."));
  });
});

describe("stripKeepTags", () => {
  it("removes the tags and keeps their content", () => {
    expect(stripKeepTags("A <keep>B</keep> C <KEEP>D</KEEP>")).toBe("A B C D");
  });
});
