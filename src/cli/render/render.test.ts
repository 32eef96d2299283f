import { describe, expect, it } from "vitest";
import { createProgressReporter } from "./create-progress-reporter.js";
import { renderTable } from "./render-table.js";

describe("createProgressReporter", () => {
  it("prints one plain line per tenth of the work when not on a terminal", () => {
    const output: string[] = [];
    const reporter = createProgressReporter({
      write: (text) => output.push(text),
      isTTY: false,
      label: "eval",
      now: () => 0,
    });
    for (let completed = 1; completed <= 40; completed += 1) reporter.update({ completed, total: 40, detail: "acc 1" });
    reporter.finish();
    expect(output).toHaveLength(11);
    expect(output[0]).toBe("eval: 1/40 · acc 1\n");
    expect(output.at(-1)).toBe("eval: 40/40 · acc 1\n");
    expect(output.join("")).not.toContain("\r");
  });

  it("redraws one line on a terminal, throttled by the clock, and ends it", () => {
    const output: string[] = [];
    let nowMs = 0;
    const reporter = createProgressReporter({
      write: (text) => output.push(text),
      isTTY: true,
      label: "eval",
      now: () => nowMs,
      width: 4,
    });
    reporter.update({ completed: 1, total: 4 });
    reporter.update({ completed: 2, total: 4 });
    nowMs = 1000;
    reporter.update({ completed: 4, total: 4 });
    reporter.finish();
    expect(output).toEqual(["\r\u001b[2Keval █░░░ 1/4 25% · 1000.0/s", "\r\u001b[2Keval ████ 4/4 100% · 4.0/s", "\n"]);
  });
});

describe("renderTable", () => {
  it("aligns values and indents continuation lines", () => {
    expect(
      renderTable({
        rows: [
          ["a", "1"],
          ["long label", "x\ny"],
        ],
      }),
    ).toBe("a           1\nlong label  x\n            y\n");
  });
});
