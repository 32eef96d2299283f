import { describeDlmWork } from "./describe-dlm-work.js";
import { describeJudgeCheck } from "./describe-judge-check.js";
import { describeTestComparison } from "./describe-test-comparison.js";
import { escapeMarkdown, markdownCodeBlock } from "./escape-markdown.js";
import { formatDifference, formatInterval, formatUsd } from "./format-score.js";
import { renderPlainWordDiff } from "./render-prompt-diff.js";
import { type StoredRun, summarizeRun } from "./summarize-run.js";

/**
 * A short Markdown summary of a stored run for a pull request: seed against best per split with 95% intervals, the
 * paired seed-versus-final test comparison in words ("No candidate beat the seed prompt" when nothing was accepted), the
 * word diff from the seed prompt to the best prompt (`[-removed-]{+added+}` in a code block), and spend per model.
 * Model and prompt text is either escaped or inside a code block it cannot break out of.
 */
export function renderMarkdownSummary(options: StoredRun): string {
  const summary = summarizeRun(options);
  const lines: string[] = [`## dlmpo run ${escapeMarkdown(summary.run.id)} (${summary.run.status})`, ""];
  if (summary.diffusionSettings !== undefined)
    lines.push(`Diffusion settings: ${escapeMarkdown(summary.diffusionSettings)}.`, "");
  if (summary.comparisons.length === 0) lines.push("No per-example results stored.", "");
  else {
    lines.push("| split | seed (95% CI) | best (95% CI) | difference |", "|---|---|---|---|");
    for (const comparison of summary.comparisons) {
      const difference =
        comparison.seed && comparison.best ? formatDifference(comparison.best.value - comparison.seed.value) : "–";
      lines.push(
        `| ${escapeMarkdown(comparison.split)} | ${formatInterval(comparison.seed)} | ${formatInterval(comparison.best)} | ${difference} |`,
      );
    }
    lines.push("");
  }
  lines.push(
    ...describeTestComparison({
      comparison: summary.testComparison,
      seedHash: summary.seedHash,
      bestHash: summary.bestHash,
      finished: summary.finished,
    }).map(escapeMarkdown),
    "",
  );
  if (summary.judgeCheck !== undefined)
    lines.push(
      escapeMarkdown(describeJudgeCheck(summary.judgeCheck)),
      "",
      "Judge rubric:",
      "",
      markdownCodeBlock({ text: summary.judgeCheck.rubric }),
      "",
    );
  const accepted = summary.acceptedChanges.length;
  lines.push(`${accepted} accepted change${accepted === 1 ? "" : "s"} over ${summary.rounds.length} rounds.`, "");
  if (
    summary.seedPrompt !== undefined &&
    summary.bestPrompt !== undefined &&
    summary.seedPrompt !== summary.bestPrompt
  ) {
    lines.push(
      "Seed → best prompt (word diff):",
      "",
      markdownCodeBlock({ text: renderPlainWordDiff({ before: summary.seedPrompt, after: summary.bestPrompt }) }),
      "",
    );
  } else lines.push("The best prompt is the seed prompt.", "");
  const spend = summary.spend;
  if (spend !== undefined) {
    const dlmWork = describeDlmWork(spend);
    lines.push(
      `Spend: ${spend.targetCalls} target calls, ${spend.dlmCalls} DLM calls${dlmWork === "" ? "" : ` (${dlmWork})`}, ${spend.inputTokens} input and ${spend.outputTokens} output tokens, ${formatUsd(spend.costUsd)}, ${(spend.wallMs / 1000).toFixed(1)} s.`,
      "",
      "| model | role | calls | cost |",
      "|---|---|---|---|",
      ...summary.spendRows.map(
        (row) =>
          `| ${escapeMarkdown(row.modelId)} | ${escapeMarkdown(row.role)} | ${row.calls} | ${formatUsd(row.costUsd)} |`,
      ),
      "",
    );
  }
  return lines.join("\n");
}
