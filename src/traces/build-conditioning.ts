import type { Random } from "../spec/runtime.js";
import type { Trace } from "../spec/trace.js";

/** A trace counts as a failure below this score (scores are in [0, 1]). */
const failureBelow = 1;
/** Longest text kept from one field before it is cut with "…". */
const fieldLimitChars = 240;

/** Options of {@link buildConditioning}. */
export interface BuildConditioningOptions {
  readonly traces: readonly Trace[];
  /** Maximum length of the result in characters (≥ 0); whole lines that do not fit are left out. */
  readonly budgetChars: number;
  /** Orders the traces within the failures and within the successes; the same seed gives the same text. */
  readonly random: Random;
  /** Most successes to include after the failures (≥ 0). Default 2. */
  readonly maxSuccesses?: number | undefined;
}

/**
 * Builds the DLM's conditioning text from traces: failures first (lowest score first, ties in seeded order), then up to
 * `maxSuccesses` successes, one compact line each: `Q: <input> | A: <output> | expected: <expected> | <feedback>`.
 * Long fields are cut with "…"; lines are added while they fit `budgetChars`. Deterministic for a seed.
 */
export function buildConditioning(options: BuildConditioningOptions): string {
  const { traces, budgetChars, random } = options;
  const maxSuccesses = options.maxSuccesses ?? 2;
  const order = shuffledIndices(traces.length, random);
  const rank = new Map(order.map((traceIndex, position) => [traceIndex, position]));
  const indexed = traces.map((trace, index) => ({ trace, position: rank.get(index) ?? index }));
  const failures = indexed
    .filter(({ trace }) => trace.score < failureBelow)
    .sort((a, b) => a.trace.score - b.trace.score || a.position - b.position);
  const successes = indexed
    .filter(({ trace }) => trace.score >= failureBelow)
    .sort((a, b) => a.position - b.position)
    .slice(0, maxSuccesses);
  const lines: string[] = [];
  let used = 0;
  for (const { trace } of [...failures, ...successes]) {
    const line = formatTraceLine(trace);
    const cost = line.length + (lines.length === 0 ? 0 : 1);
    if (used + cost > budgetChars) continue;
    lines.push(line);
    used += cost;
  }
  return lines.join("\n");
}

/** One trace as a single conditioning line (newlines folded to spaces, long fields cut with "…"). */
export function formatTraceLine(trace: Trace): string {
  const parts = [`Q: ${compact(trace.input)}`, `A: ${compact(trace.output)}`];
  if (trace.expected !== undefined) parts.push(`expected: ${compact(trace.expected)}`);
  if (trace.feedback !== undefined && trace.feedback !== "") parts.push(compact(trace.feedback));
  return parts.join(" | ");
}

function compact(text: string): string {
  const folded = text.replace(/\s+/g, " ").trim();
  return folded.length <= fieldLimitChars ? folded : `${folded.slice(0, fieldLimitChars - 1)}…`;
}

function shuffledIndices(length: number, random: Random): number[] {
  const indices = Array.from({ length }, (_, index) => index);
  for (let i = length - 1; i > 0; i -= 1) {
    const j = random.int(i + 1);
    const swap = indices[i] ?? i;
    indices[i] = indices[j] ?? j;
    indices[j] = swap;
  }
  return indices;
}
