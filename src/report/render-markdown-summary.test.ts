import { describe, expect, it } from "vitest";
import { createStoredRunFixture } from "../testing/stored-run-fixture.js";
import { escapeMarkdown, markdownCodeBlock } from "./escape-markdown.js";
import { renderMarkdownSummary } from "./render-markdown-summary.js";

describe("renderMarkdownSummary", () => {
  it("lists seed and best per split with intervals, the prompt diff and spend", () => {
    const markdown = renderMarkdownSummary(createStoredRunFixture());
    expect(markdown).toMatch(
      /\| dev \| 0\.500 \[0\.\d+, 0\.\d+\] \(n=20\) \| 0\.750 \[0\.\d+, 0\.\d+\] \(n=20\) \| \+0\.250 \|/,
    );
    expect(markdown).toContain("[-Answer-]{+Reply+}");
    expect(markdown).toContain("{+ negative. Sarcasm counts as+}");
    expect(markdown).toContain("Review: {{text}}\n```");
    expect(markdown).toContain("| openai:gpt-4o-mini | target | 120 | $0.0240 |");
    expect(markdown).toContain("2 accepted changes over 3 rounds.");
    // 10 test examples flip to right and 5 to wrong: exact McNemar two-sided p = 2 × P(X ≤ 5 | 15, ½) = 0.302.
    expect(markdown).toContain("Final − seed on the same 20 test examples: +0.250 (95% CI -0.123 to +0.552;");
    expect(markdown).toContain("p = 0.302, exact McNemar test); seed 0.500 → final 0.750.");
    expect(markdown).toContain("The test cannot tell the final prompt from the seed: the interval includes 0.");
  });

  it("says when the seed prompt stands", () => {
    const fixture = createStoredRunFixture();
    const markdown = renderMarkdownSummary({ ...fixture, events: fixture.events.slice(0, 2), results: [] });
    expect(markdown).toContain("The best prompt is the seed prompt.");
    expect(markdown).toContain("No per-example results stored.");
  });
});

describe("escapeMarkdown", () => {
  it("neutralises tags, table pipes and emphasis", () => {
    expect(escapeMarkdown("<b>x</b> | *y*\nz-1")).toBe("&lt;b&gt;x&lt;/b&gt; \\| \\*y\\* z-1");
  });
});

describe("markdownCodeBlock", () => {
  it("uses a fence longer than any backtick run inside", () => {
    const block = markdownCodeBlock({ text: "a ```` b" });
    expect(block.startsWith("`````\n")).toBe(true);
    expect(block.endsWith("\n`````")).toBe(true);
  });
});
