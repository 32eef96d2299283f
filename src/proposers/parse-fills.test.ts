import { describe, expect, it } from "vitest";
import { parseFills } from "./parse-fills.js";

describe("parseFills", () => {
  it("reads fill tags with any quoting and spacing, inside a code fence", () => {
    const text =
      "Sure!\n```xml\n<fill id=\"1\"> Be polite. </fill>\n<FILL id=2>Cite sources.</FILL>\n<fill id='[[3]]'></fill>\n```";
    expect(parseFills({ text, count: 3 })).toEqual({ fills: ["Be polite.", "Cite sources.", ""], missing: [] });
  });

  it("reports missing markers and ignores extra ones", () => {
    expect(parseFills({ text: '<fill id="2">B</fill><fill id="7">x</fill>', count: 2 })).toEqual({
      fills: [undefined, "B"],
      missing: [1],
    });
  });

  it("falls back to JSON objects, fills arrays and marker lines", () => {
    expect(parseFills({ text: 'Here: {"1": "A.", "[[2]]": "B."}', count: 2 }).fills).toEqual(["A.", "B."]);
    expect(parseFills({ text: '{"fills": ["A.", "B."]}', count: 2 }).fills).toEqual(["A.", "B."]);
    expect(parseFills({ text: '[[1]]: A.\n[[2]] - "B."', count: 2 }).fills).toEqual(["A.", "B."]);
  });

  it("reports everything missing for an answer with no fills", () => {
    expect(parseFills({ text: "I cannot help with that.", count: 2 }).missing).toEqual([1, 2]);
  });
});
