import type { ComparisonReport } from "./comparison-report.js";
import type { TableCells } from "./comparison-table-cells.js";
import { methodTableCells, pairTableCells } from "./comparison-table-cells.js";
import { escapeMarkdown, markdownCodeBlock } from "./escape-markdown.js";

function markdownTable(cells: TableCells): string[] {
  const line = (row: readonly string[]): string => `| ${row.map(escapeMarkdown).join(" | ")} |`;
  return [line(cells.header), `|${cells.header.map(() => "---").join("|")}|`, ...cells.rows.map(line)];
}

/**
 * The comparison as Markdown: the command, the shared settings, and per task the method table (test score and gain
 * over the seed prompt with 95% intervals over seeds, mean cost per run) and the pairwise wins with p-values.
 */
export function renderComparisonMarkdown(report: ComparisonReport): string {
  const lines = [`## dlmpo bench compare ${escapeMarkdown(report.id)}`, ""];
  if (report.command !== undefined) lines.push(markdownCodeBlock({ text: report.command, language: "sh" }), "");
  lines.push(...report.settings.map((setting) => `- ${escapeMarkdown(setting)}`), "");
  for (const task of report.tasks) {
    lines.push(
      `### ${escapeMarkdown(task)}`,
      "",
      ...markdownTable(methodTableCells({ summary: report.summary, task })),
      "",
    );
    const pairs = pairTableCells({ summary: report.summary, task });
    if (pairs.rows.length > 0)
      lines.push("Pairwise, over test examples of the same seeds:", "", ...markdownTable(pairs), "");
  }
  if (report.notes.length > 0) lines.push(...report.notes.map((note) => `> ${escapeMarkdown(note)}`), "");
  return `${lines.join("\n")}\n`;
}
