import type { DiffOperation } from "../../prompt/diff-prompts.js";

/** One candidate as `dlmpo infill` reports it. */
export interface InfillCandidateReport {
  readonly index: number;
  readonly prompt: string;
  readonly promptHash: string;
  readonly fills: readonly string[];
  readonly isValid: boolean;
  readonly problems: readonly string[];
  readonly cost: { readonly forwardPasses?: number; readonly calls?: number };
  readonly diff: readonly DiffOperation[];
}

const ansi = {
  deleted: "\u001b[31;9m",
  inserted: "\u001b[32m",
  dim: "\u001b[2m",
  bold: "\u001b[1m",
  reset: "\u001b[0m",
};

/**
 * Renders a prompt diff for the terminal: on a colour terminal deletions are red and struck through and insertions
 * green; otherwise they read `[-deleted-]` and `{+inserted+}`.
 */
export function renderPromptDiff(options: {
  readonly diff: readonly DiffOperation[];
  readonly color: boolean;
}): string {
  return options.diff.map((operation) => renderOperation({ operation, color: options.color })).join("");
}

function renderOperation(options: { readonly operation: DiffOperation; readonly color: boolean }): string {
  const { operation, color } = options;
  switch (operation.kind) {
    case "equal":
      return operation.text;
    case "delete":
      return color ? `${ansi.deleted}${operation.text}${ansi.reset}` : `[-${operation.text}-]`;
    case "insert":
      return color ? `${ansi.inserted}${operation.text}${ansi.reset}` : `{+${operation.text}+}`;
  }
}

/** The human-readable report of `dlmpo infill`: each candidate's diff against the prompt, its fills and its cost. */
export function renderInfillReport(options: {
  readonly proposerId: string;
  readonly spans: readonly {
    readonly strategy: string;
    readonly start: number;
    readonly end: number;
    readonly slots: number;
    readonly text: string;
  }[];
  readonly candidates: readonly InfillCandidateReport[];
  readonly color: boolean;
}): string {
  const { color } = options;
  const bold = (text: string): string => (color ? `${ansi.bold}${text}${ansi.reset}` : text);
  const dim = (text: string): string => (color ? `${ansi.dim}${text}${ansi.reset}` : text);
  const lines: string[] = [`Proposer ${options.proposerId}; masked spans:`];
  options.spans.forEach((span, index) => {
    lines.push(
      `  [${index + 1}] ${span.strategy} ${span.start}-${span.end}, ${span.slots} slots: ${JSON.stringify(span.text)}`,
    );
  });
  for (const candidate of options.candidates) {
    const cost =
      candidate.cost.forwardPasses === undefined
        ? `${candidate.cost.calls ?? 0} calls`
        : `${candidate.cost.forwardPasses} forward passes`;
    lines.push(
      "",
      bold(`Candidate ${candidate.index + 1} of ${options.candidates.length}`) +
        dim(` (${cost}, ${candidate.promptHash.slice(0, 12)})`),
    );
    lines.push(renderPromptDiff({ diff: candidate.diff, color }));
    candidate.fills.forEach((fill, index) => {
      lines.push(dim(`  [${index + 1}] ${JSON.stringify(fill)}`));
    });
    for (const problem of candidate.problems) lines.push(`  invalid: ${problem}`);
  }
  return `${lines.join("\n")}\n`;
}
