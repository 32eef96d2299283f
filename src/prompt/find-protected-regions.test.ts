import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import { findProtectedRegions, touchesRegion } from "./find-protected-regions.js";

describe("findProtectedRegions", () => {
  it("finds placeholders, keep spans and fenced code with their offsets", () => {
    const prompt = 'Hi {{name}}.\n<keep>Never lie.</keep>\n```json\n{"a": 1}\n```\nEnd.';
    const regions = findProtectedRegions(prompt);
    expect(regions.map((region) => [region.kind, region.text])).toEqual([
      ["placeholder", "{{name}}"],
      ["keep", "<keep>Never lie.</keep>"],
      ["code", '```json\n{"a": 1}\n```'],
    ]);
    for (const region of regions) expect(prompt.slice(region.start, region.end)).toBe(region.text);
  });

  it("runs an unclosed fence to the end of the text and ignores info strings on closing lines", () => {
    const prompt = "Intro.\n~~~\ncode\n~~~python\nmore";
    const [region] = findProtectedRegions(prompt);
    expect(region?.kind).toBe("code");
    expect(region?.end).toBe(prompt.length);
  });

  it("throws InvalidInputError with the line of an unclosed keep tag", () => {
    expect(() => findProtectedRegions("One.\nTwo <keep>three")).toThrow(InvalidInputError);
    expect(() => findProtectedRegions("One.\nTwo <keep>three")).toThrow(/line 2/);
  });
});

describe("touchesRegion", () => {
  it("treats an insertion point on a region's edge as outside it and inside as touching", () => {
    const region = { start: 5, end: 10 };
    expect(touchesRegion({ start: 5, end: 5 }, region)).toBe(false);
    expect(touchesRegion({ start: 7, end: 7 }, region)).toBe(true);
    expect(touchesRegion({ start: 0, end: 5 }, region)).toBe(false);
    expect(touchesRegion({ start: 0, end: 6 }, region)).toBe(true);
  });
});
