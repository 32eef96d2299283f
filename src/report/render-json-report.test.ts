import { describe, expect, it } from "vitest";
import { createStoredRunFixture } from "../testing/stored-run-fixture.js";
import { jsonReportVersion, renderJsonReport } from "./render-json-report.js";

describe("renderJsonReport", () => {
  it("writes parseable JSON with prompts, candidates, flips and spend", () => {
    const fixture = createStoredRunFixture();
    const report = JSON.parse(renderJsonReport(fixture));
    expect(report.version).toBe(jsonReportVersion);
    expect(report.run.id).toBe(fixture.run.id);
    expect(report.run.config).toBeUndefined();
    expect(report.best).toEqual({ hash: fixture.bestHash, prompt: fixture.bestPrompt });
    expect(report.candidates).toHaveLength(4);
    expect(report.acceptedChanges.map((change: { fills: string[] }) => change.fills[0])).toEqual(fixture.acceptedFills);
    expect(report.flips[1].rightToWrong).toHaveLength(5);
    expect(report.spend.costUsd).toBeCloseTo(0.03);
    expect(report.testMetrics[0].name).toBe("accuracy");
    expect(report.testMetrics[0].value).toBe(0.75);
    expect(report.testComparison).toMatchObject({ examples: 20, seedMean: 0.5, bestMean: 0.75, test: "mcnemar" });
    expect(report.testComparison.pValue).toBeCloseTo((2 * 4944) / 32768, 12);
    expect(report.verdict[0]).toMatch(/^Final − seed on the same 20 test examples: \+0\.250/);
    expect(report.acceptedChanges[0]).toMatchObject({ test: "mcnemar", adjustedPValue: 0.02, acceptanceExamples: 10 });
  });
});
