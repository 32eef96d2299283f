import { describe, expect, it } from "vitest";
import { promptHash } from "../prompt/prompt-hash.js";
import { createStoredRunFixture } from "../testing/stored-run-fixture.js";
import { renderHtmlReport, reportContentSecurityPolicy } from "./render-html-report.js";

const attack = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">`;

describe("renderHtmlReport", () => {
  it("is one self-contained page with a strict CSP and no script or external resource", () => {
    const html = renderHtmlReport(createStoredRunFixture());
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${reportContentSecurityPolicy}">`);
    expect(html).not.toMatch(/<script|<link|<iframe|src=["']?http|href=["']?http/i);
  });

  it("draws the round chart, the candidate scatter and the lineage tree", () => {
    const fixture = createStoredRunFixture();
    const html = renderHtmlReport(fixture);
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain("<title>Score per round</title>");
    expect(html).toContain("<title>Candidates: score against prompt length</title>");
    expect(html.match(/class="lineage-node"/g)).toHaveLength(3);
    expect(html).toContain(`>seed ${promptHash(fixture.seedPrompt).slice(0, 8)}</text>`);
    // Round chart: two series with three rounds each.
    const roundChart = html.slice(html.indexOf("<title>Score per round"), html.indexOf("<title>Candidates"));
    expect(roundChart.match(/<circle /g)).toHaveLength(6);
  });

  it("highlights the fills of each accepted change inside its diff", () => {
    const fixture = createStoredRunFixture();
    const html = renderHtmlReport(fixture);
    expect(html.match(/<pre class="diff">/g)).toHaveLength(2);
    const marks = [...html.matchAll(/<mark class="fill">([^<]*)<\/mark>/g)].map((match) => match[1]).join("|");
    expect(marks).toContain("Reply");
    expect(marks).toContain("Sarcasm counts as negative.");
  });

  it("lists flipped examples and spend per model", () => {
    const html = renderHtmlReport(createStoredRunFixture());
    expect(html).toContain("test: 10 wrong → right, 5 right → wrong");
    expect(html).toContain("Final − seed on the same 20 test examples: +0.250");
    expect(html).toMatch(/<tr><td>test<\/td><td>0\.500 \[/); // the seed's test row is filled, not "–"
    expect(html).toContain("Holm-adjusted p = 0.020 ≤ α 0.0167 · exact McNemar");
    expect(html).toContain("<td>openai:gpt-4o-mini</td><td>target</td>");
  });

  it("escapes model and trace text everywhere", () => {
    const html = renderHtmlReport(createStoredRunFixture({ injectedText: attack, runId: `<b id="x">` }));
    expect(html).not.toContain("<script>window");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain(`<b id="x">`);
    expect(html).toContain("&lt;script&gt;window.__pwned=1&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;");
  });

  it("renders a run with no rounds yet", () => {
    const fixture = createStoredRunFixture();
    const html = renderHtmlReport({ ...fixture, events: fixture.events.slice(0, 1), results: [] });
    expect(html).toContain("No round completed yet.");
    expect(html).toContain("No candidate accepted yet.");
    expect(html).toContain("The run has not finished: no conclusion yet.");
    expect(html).not.toContain("No candidate beat the seed prompt");
  });
});
