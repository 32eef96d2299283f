import { acceptanceNote } from "./acceptance-note.js";
import { niceTicks } from "./chart-frame.js";
import { describeJudgeCheck } from "./describe-judge-check.js";
import { describeTestComparison, noCandidateBeatTheSeed } from "./describe-test-comparison.js";
import { escapeHtml } from "./escape-html.js";
import { formatDifference, formatInterval, formatScore } from "./format-score.js";
import { renderFlipsSection } from "./render-flips-section.js";
import { renderLargestChanges } from "./render-largest-changes.js";
import { renderLineChart } from "./render-line-chart.js";
import { renderLineageTree } from "./render-lineage-tree.js";
import { renderPromptDiff } from "./render-prompt-diff.js";
import { renderScatterChart } from "./render-scatter-chart.js";
import { renderSpendTable } from "./render-spend-table.js";
import { reportStyles } from "./report-styles.js";
import {
  type CandidateStatus,
  type CandidateView,
  type RunSummary,
  type StoredRun,
  summarizeRun,
} from "./summarize-run.js";

/** The Content-Security-Policy of every report: nothing loads, nothing runs; inline styles and data: images only. */
export const reportContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const short = (hash: string | undefined): string => (hash === undefined ? "–" : hash.slice(0, 8));
const wordCount = (text: string): number => text.split(/\s+/).filter((word) => word !== "").length;
const candidateScore = (candidate: CandidateView): number | undefined =>
  candidate.devScore?.value ?? candidate.trainScore?.value;

function scoresSection(summary: RunSummary): string {
  const rows = summary.comparisons.map(
    (comparison) =>
      `<tr><td>${escapeHtml(comparison.split)}</td><td>${formatInterval(comparison.seed)}</td>` +
      `<td>${formatInterval(comparison.best)}</td>` +
      `<td class="number">${comparison.seed && comparison.best ? formatDifference(comparison.best.value - comparison.seed.value) : "–"}</td></tr>`,
  );
  const table =
    rows.length === 0
      ? `<p class="empty">No per-example results stored.</p>`
      : `<table><thead><tr><th>split</th><th>seed (95% CI)</th><th>best (95% CI)</th><th>difference</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
  const metrics =
    summary.testMetrics.length === 0
      ? ""
      : `<h3>Test metrics of the final prompt</h3><table><thead><tr><th>metric</th><th>value</th><th>95% CI</th></tr></thead><tbody>${summary.testMetrics
          .map(
            (metric) =>
              `<tr><td>${escapeHtml(metric.name)}</td><td class="number">${formatScore(metric.value)}</td><td>[${formatScore(metric.low)}, ${formatScore(metric.high)}]</td></tr>`,
          )
          .join("")}</tbody></table>`;
  const verdict = describeTestComparison({
    comparison: summary.testComparison,
    seedHash: summary.seedHash,
    bestHash: summary.bestHash,
    finished: summary.finished,
  });
  const judge =
    summary.judgeCheck === undefined
      ? ""
      : `<p class="note">${escapeHtml(describeJudgeCheck(summary.judgeCheck))}</p><details><summary>Judge rubric</summary><pre>${escapeHtml(summary.judgeCheck.rubric)}</pre></details>`;
  return `<p class="verdict">${verdict.map(escapeHtml).join("<br>")}</p>${judge}${table}${metrics}`;
}

function roundsChart(summary: RunSummary): string {
  if (summary.rounds.length === 0) return `<p class="empty">No round completed yet.</p>`;
  const line = (name: string, pick: (round: RunSummary["rounds"][number]) => number | undefined) => ({
    name,
    points: summary.rounds.flatMap((round) => {
      const value = pick(round);
      return value === undefined ? [] : [{ x: round.round, y: value }];
    }),
  });
  return renderLineChart({
    title: "Score per round",
    xLabel: "round",
    yLabel: "mean score",
    series: [line("train minibatch", (round) => round.trainScore), line("dev (best)", (round) => round.devBestScore)],
    yDomain: [0, 1],
    // Rounds are whole numbers: no tick between them.
    xTicks: niceTicks({
      low: summary.rounds[0]?.round ?? 0,
      high: summary.rounds[summary.rounds.length - 1]?.round ?? 0,
    }).filter(Number.isInteger),
  });
}

function candidatesChart(summary: RunSummary): string {
  const statuses: readonly CandidateStatus[] = ["seed", "accepted", "declined", "proposed"];
  const groups = statuses.map((status) => ({
    name: status === "proposed" ? "scored, not tested" : status,
    points: summary.candidates.flatMap((candidate) => {
      const score = candidateScore(candidate);
      if (candidate.status !== status || score === undefined) return [];
      const label = `${short(candidate.hash)} · round ${candidate.round} · ${formatScore(score)} · ${wordCount(candidate.prompt)} words\n${candidate.prompt.slice(0, 200)}`;
      return [{ x: wordCount(candidate.prompt), y: score, label }];
    }),
  }));
  const rejected = summary.candidates.filter((candidate) => candidate.status === "rejected").length;
  const chart = renderScatterChart({
    title: "Candidates: score against prompt length",
    xLabel: "prompt length (words)",
    yLabel: "score (dev when scored, else train)",
    groups,
    yDomain: [0, 1],
  });
  return `${chart}<p class="note">${summary.candidates.length} candidates, ${rejected} rejected before scoring (duplicate, invalid or unchanged).</p>`;
}

function lineageSection(summary: RunSummary): string {
  const nodes = summary.candidates
    .filter((candidate) => candidate.status === "seed" || candidate.status === "accepted")
    .map((candidate) => ({
      id: candidate.hash,
      parentId: candidate.parentHash,
      label: candidate.status === "seed" ? `seed ${short(candidate.hash)}` : short(candidate.hash),
      detail: `round ${candidate.round} · ${formatScore(candidateScore(candidate))}`,
      tooltip: candidate.prompt.slice(0, 300),
      isBest: candidate.hash === summary.bestHash,
    }));
  return nodes.length === 0 ? `<p class="empty">No lineage yet.</p>` : renderLineageTree({ nodes });
}

function changesSection(summary: RunSummary): string {
  if (summary.acceptedChanges.length === 0)
    return `<p class="empty">${escapeHtml(summary.finished ? noCandidateBeatTheSeed : "No candidate accepted yet.")}</p>`;
  const legend = `<p class="legend note"><del>removed</del> <ins>added</ins> <mark class="fill">written by the proposer</mark></p>`;
  return (
    legend +
    summary.acceptedChanges
      .map(
        (change) =>
          `<h3>Round ${change.round}: ${short(change.parentHash)} → ${short(change.childHash)}</h3>` +
          `<p class="note">${escapeHtml(acceptanceNote(change))}</p>` +
          `<pre class="diff">${renderPromptDiff(change)}</pre>`,
      )
      .join("")
  );
}

/**
 * One self-contained HTML page for a stored run: scores of seed and best with intervals, score per round, candidates
 * (score against length), the accepted lineage, word diffs of accepted changes with the proposer's fills marked,
 * flipped examples and spend per model. No script, no external resource; every text from models, traces or prompts
 * is escaped, and a strict CSP meta tag forbids everything but inline styles and data: images.
 */
export function renderHtmlReport(options: StoredRun): string {
  const summary = summarizeRun(options);
  const { run } = summary;
  const meta = [
    `status ${run.status}`,
    `kind ${run.kind}`,
    `seed ${run.seed}`,
    `created ${new Date(run.createdAtMs).toISOString()}`,
    `updated ${new Date(run.updatedAtMs).toISOString()}`,
    ...(summary.stopReason === undefined ? [] : [`stopped: ${summary.stopReason}`]),
  ];
  const body = [
    `<h1>dlmpo run ${escapeHtml(run.id)}</h1>`,
    `<p class="meta">${meta.map((item) => `<span>${escapeHtml(item)}</span>`).join("")}</p>`,
    ...(summary.diffusionSettings === undefined
      ? []
      : [`<p class="note">Diffusion settings: ${escapeHtml(summary.diffusionSettings)}</p>`]),
    `<h2>Seed and best prompt</h2><p class="note">seed ${short(summary.seedHash)} · best ${short(summary.bestHash)}</p>`,
    scoresSection(summary),
    `<h2>Progress</h2><div class="charts">${roundsChart(summary)}${candidatesChart(summary)}</div>`,
    `<h2>Accepted lineage</h2>${lineageSection(summary)}`,
    `<h2>Accepted changes</h2>${changesSection(summary)}`,
    `<h2>Best prompt</h2><pre class="prompt">${escapeHtml(summary.bestPrompt ?? "")}</pre>`,
    `<details><summary>Seed prompt</summary><pre class="prompt">${escapeHtml(summary.seedPrompt ?? "")}</pre></details>`,
    `<h2>Examples that flipped</h2>${renderFlipsSection({ flips: summary.flips })}`,
    `<h2>Replies that changed most</h2>${renderLargestChanges(summary.largestChanges)}`,
    `<h2>Spend per model</h2>${renderSpendTable({ rows: summary.spendRows, spend: summary.spend })}`,
  ];
  return [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${reportContentSecurityPolicy}">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>dlmpo report — ${escapeHtml(run.id)}</title><style>${reportStyles}</style></head>`,
    `<body>${body.join("\n")}</body></html>`,
  ].join("\n");
}
