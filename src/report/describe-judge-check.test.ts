import { describe, expect, it } from "vitest";
import type { JudgeCheck } from "../spec/events.js";
import { createStoredRunFixture } from "../testing/stored-run-fixture.js";
import { describeJudgeCheck } from "./describe-judge-check.js";
import { renderHtmlReport } from "./render-html-report.js";
import { renderJsonReport } from "./render-json-report.js";
import { renderMarkdownSummary } from "./render-markdown-summary.js";

const measured: JudgeCheck = {
  judgeModelId: "openai:gpt-4o",
  rubric: "- Apologises.\n- Gives the <status>.",
  unreadable: 1,
  agreement: { examples: 40, agreements: 34, rate: 0.85, low: 0.71, high: 0.929 },
};
const unmeasured: JudgeCheck = { judgeModelId: "openai:gpt-4o", rubric: "- Apologises.", unreadable: 0 };

/** The fixture run with a `judge-checked` event after its first one. */
function runWith(check: JudgeCheck) {
  const fixture = createStoredRunFixture();
  const [first, ...rest] = fixture.events;
  if (first === undefined) throw new Error("the fixture has events");
  const judged = { runId: first.runId, sequence: 1.5, type: "judge-checked", atMs: first.atMs, data: check };
  return { ...fixture, events: [first, judged, ...rest] };
}

describe("describeJudgeCheck", () => {
  it("gives the agreement with its count and 95% interval, and the unreadable verdicts", () => {
    expect(describeJudgeCheck(measured)).toBe(
      "Judge agreement with logged feedback on 40 held-out conversations: 85% (95% CI 71–93%); 1 verdicts unreadable.",
    );
  });

  it("calls the agreement unknown, not 0%, when no held-out conversation had a logged score", () => {
    expect(describeJudgeCheck(unmeasured)).toBe(
      "Judge agreement with logged feedback: unknown, no held-out conversation has a logged score the judge rated.",
    );
  });
});

describe("reports of a judged run", () => {
  it("put the judge's agreement and rubric in the JSON, Markdown and HTML reports", () => {
    const run = runWith(measured);
    const json = JSON.parse(renderJsonReport(run));
    expect(json.judge).toMatchObject({
      judgeModelId: "openai:gpt-4o",
      rubric: measured.rubric,
      agreement: { examples: 40, agreements: 34, rate: 0.85, low: 0.71, high: 0.929 },
    });
    const sentence = describeJudgeCheck(measured);
    expect(renderMarkdownSummary(run)).toContain(sentence);
    const html = renderHtmlReport(run);
    expect(html).toContain(sentence);
    expect(html).toContain("Gives the &lt;status&gt;.");
  });

  it("leave the agreement out when there was no feedback to compare, and the judge out of unjudged runs", () => {
    const json = JSON.parse(renderJsonReport(runWith(unmeasured)));
    expect(json.judge.rubric).toBe("- Apologises.");
    expect(json.judge).not.toHaveProperty("agreement");
    expect(renderMarkdownSummary(runWith(unmeasured))).toContain("Judge agreement with logged feedback: unknown");
    expect(JSON.parse(renderJsonReport(createStoredRunFixture()))).not.toHaveProperty("judge");
  });
});
