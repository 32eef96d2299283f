import { type TraceStats, traceStats } from "../../../traces/trace-stats.js";
import type { CliContext } from "../../cli-context.js";
import { describeRedactions, readTraceSource, type TraceSourceFlags } from "./read-trace-source.js";

/** Flags of `dlmpo traces stats`. */
export interface TracesStatsFlags extends TraceSourceFlags {
  readonly json?: boolean | undefined;
}

/** `dlmpo traces stats`: what a set of traces holds, with a warning when they come from several system prompts. */
export async function runTracesStats(options: {
  readonly files: readonly string[];
  readonly flags: TracesStatsFlags;
  readonly context: CliContext;
}): Promise<void> {
  const { flags, context } = options;
  const source = await readTraceSource({ flags, files: options.files, context });
  const stats = traceStats(source.conversations);
  if (flags.json === true) {
    context.stdout.write(`${JSON.stringify({ ...stats, unmatchedFeedback: source.unmatchedFeedback }, null, 2)}\n`);
    return;
  }
  context.stdout.write(renderTraceStats(stats, source.unmatchedFeedback));
  if (stats.systemPrompts.length > 1)
    context.stderr.write(
      `Warning: these traces come from ${stats.systemPrompts.length} different system prompts; optimising from them mixes their behaviours. Filter them, or pass --prompt to choose the seed.\n`,
    );
}

function renderTraceStats(stats: TraceStats, unmatchedFeedback: number): string {
  const percent = (part: number): string =>
    stats.conversations === 0 ? "0%" : `${Math.round((100 * part) / stats.conversations)}%`;
  const entries = (record: Readonly<Record<string, number>>): string =>
    Object.entries(record)
      .map(([name, count]) => `${name}: ${count}`)
      .join(", ");
  const lines = [
    `conversations      ${stats.conversations} (${stats.messages} messages)`,
    `user turns         ${stats.userTurns.total} (most in one conversation: ${stats.userTurns.maxPerConversation}); conversations by turns: ${entries(stats.turnsHistogram)}`,
    `tool calls         ${stats.toolCalls.total}${stats.toolCalls.total === 0 ? "" : ` (${entries(stats.toolCalls.byName)})`}`,
    `feedback           ${stats.withFeedback} of ${stats.conversations} (${percent(stats.withFeedback)}); scored ${stats.scored}, with a comment ${stats.withComment}, with an expected answer ${stats.withExpected}`,
    `scores             ${stats.scored === 0 ? "none" : entries(stats.scoreHistogram)}`,
    `system prompts     ${stats.systemPrompts.length}`,
    ...stats.systemPrompts
      .slice(0, 5)
      .map(
        (entry) =>
          `  ${String(entry.conversations).padStart(5)}  ${entry.prompt === "" ? "(none)" : JSON.stringify(entry.prompt.length > 70 ? `${entry.prompt.slice(0, 69)}…` : entry.prompt)}`,
      ),
    `redacted           ${describeRedactions(stats.redactions)}`,
  ];
  if (unmatchedFeedback > 0) lines.push(`Warning: ${unmatchedFeedback} feedback lines matched no conversation id.`);
  return `${lines.join("\n")}\n`;
}
