import { isDeepStrictEqual } from "node:util";
import type { Trace, TraceMessage } from "../../spec/trace.js";
import type { RecordDifference } from "./episode-database.js";
import type { TauEpisode } from "./run-tau-episode.js";

const clip = (text: string, length: number): string => (text.length <= length ? text : `${text.slice(0, length)}…`);

/** Up to `limit` dotted paths where two JSON values differ, with both values (`status: "pending" ≠ "cancelled"`). */
export function differingPaths(options: {
  readonly expected: unknown;
  readonly actual: unknown;
  readonly limit?: number | undefined;
}): string[] {
  const paths: string[] = [];
  const limit = options.limit ?? 3;
  const visit = (expected: unknown, actual: unknown, path: string): void => {
    if (paths.length >= limit || isDeepStrictEqual(expected, actual)) return;
    const bothObjects =
      expected !== null && actual !== null && typeof expected === "object" && typeof actual === "object";
    if (bothObjects && Array.isArray(expected) === Array.isArray(actual)) {
      // Both are JSON objects or both arrays: compare member by member.
      const left = expected as Record<string, unknown>;
      const right = actual as Record<string, unknown>;
      for (const key of new Set([...Object.keys(left), ...Object.keys(right)]))
        visit(left[key], right[key], path === "" ? key : `${path}.${key}`);
      return;
    }
    const show = (value: unknown): string => (value === undefined ? "(absent)" : clip(JSON.stringify(value), 80));
    paths.push(`${path === "" ? "(record)" : path}: expected ${show(expected)}, got ${show(actual)}`);
  };
  visit(options.expected, options.actual, "");
  return paths;
}

function describeDifference(difference: RecordDifference): string {
  const where = `${difference.table}/${difference.key}`;
  if (difference.actual === undefined) return `${where} should exist but was not created`;
  if (difference.expected === undefined) return `${where} was created but should not exist`;
  return `${where}: ${differingPaths({ expected: difference.expected, actual: difference.actual }).join("; ")}`;
}

/**
 * The compact account of an episode that the optimiser's proposer reads: the user's goal, the agent's tool calls
 * (with the start of each output), how the episode ended and, for a zero, what went wrong (database records that
 * differ from the ground truth, field by field, and required outputs never said).
 */
export function describeTauEpisode(options: { readonly instruction: string; readonly episode: TauEpisode }): string {
  const { episode } = options;
  const calls = episode.toolCalls.map(
    (call) => `${call.name}(${clip(call.arguments, 160)}) → ${clip(call.output, 80)}`,
  );
  const lines = [`User goal: ${options.instruction}`, `Agent tool calls: ${calls.length === 0 ? "none" : ""}`];
  for (const call of calls) lines.push(`  - ${call}`);
  lines.push(`Ended by: ${episode.endReason} after ${episode.steps} steps; reward ${episode.reward.reward}.`);
  if (episode.endReason === "step-limit") lines.push("What went wrong: the agent hit the step limit.");
  if (episode.endReason === "error") lines.push(`What went wrong: the episode failed: ${episode.error ?? "unknown"}.`);
  for (const difference of episode.reward.differences.slice(0, 5))
    lines.push(`What went wrong: database ${describeDifference(difference)}`);
  if (episode.reward.differences.length > 5)
    lines.push(`What went wrong: ${episode.reward.differences.length - 5} more records differ.`);
  for (const output of episode.reward.missingOutputs)
    lines.push(`What went wrong: the agent never told the user "${output}".`);
  return lines.join("\n");
}

/** Tool-call arguments for a trace: the JSON value, or the text when it is not JSON. */
function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** An episode as a `Trace`: the full conversation, tool calls, reward as score, and the compact account as feedback. */
export function toTauTrace(options: {
  readonly exampleId: string;
  readonly instruction: string;
  readonly systemPrompt: string;
  readonly episode: TauEpisode;
}): Trace {
  const { episode } = options;
  const messages: TraceMessage[] = [{ role: "system", content: options.systemPrompt }];
  for (const turn of episode.turns) {
    if (turn.role === "tool") messages.push({ role: "tool", content: turn.content, toolName: turn.name });
    else if (turn.role === "user") messages.push({ role: "user", content: turn.content });
    else
      messages.push({
        role: "assistant",
        content: turn.content,
        ...(turn.toolCall === undefined
          ? {}
          : { toolCalls: [{ name: turn.toolCall.name, arguments: jsonOrText(turn.toolCall.argumentsText) }] }),
      });
  }
  return {
    exampleId: options.exampleId,
    input: options.instruction,
    output: episode.agentMessages[episode.agentMessages.length - 1] ?? "",
    messages,
    toolCalls: episode.toolCalls.map((call) => ({
      name: call.name,
      arguments: jsonOrText(call.arguments),
      output: call.output,
    })),
    score: episode.reward.reward,
    feedback: describeTauEpisode({ instruction: options.instruction, episode }),
  };
}
