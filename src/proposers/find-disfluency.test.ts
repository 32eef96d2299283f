import { describe, expect, it } from "vitest";
import { findDisfluency } from "./find-disfluency.js";

describe("findDisfluency", () => {
  it("accepts ordinary sentences, an empty fill and deliberate repeats", () => {
    expect(findDisfluency("Answer with exactly one word: like or dislike.")).toBeUndefined();
    expect(findDisfluency("")).toBeUndefined();
    expect(findDisfluency("I had had enough of it.")).toBeUndefined();
    expect(findDisfluency("Answer like or dislike, and nothing else.")).toBeUndefined();
  });

  it("names a doubled word, a doubled mark and a leading mark", () => {
    expect(findDisfluency("Answer with with word one or negative.")).toBe('repeats "with"');
    expect(findDisfluency("Do not explain your. not explain your answer..")).toBe('doubled "."');
    expect(findDisfluency("the label label and")).toBe('repeats "label"');
    expect(findDisfluency(". Answer briefly")).toBe('starts with "."');
    expect(findDisfluency("Answer good, , or bad")).toBe('doubled ","');
    expect(findDisfluency("Respond with like or dislike...")).toBe('doubled "."');
    expect(findDisfluency("Answer with like or like.")).toBe('"like or like"');
    expect(findDisfluency("Answer with dislike orReply.")).toBe('words run together ("orRe")');
    expect(findDisfluency("Answer with one word or dislike or.")).toBe('ends on "or"');
  });

  it("asks a whole-sentence fill to start like a sentence and end", () => {
    expect(findDisfluency("with exactly one word: like or dislike.", { wholeSentence: true })).toBe(
      "a sentence that starts in lower case",
    );
    expect(findDisfluency("Answer like or dislike", { wholeSentence: true })).toBe("a sentence without an end");
    expect(findDisfluency("Answer like or dislike.", { wholeSentence: true })).toBeUndefined();
    expect(findDisfluency("with exactly one word")).toBeUndefined();
  });
});
