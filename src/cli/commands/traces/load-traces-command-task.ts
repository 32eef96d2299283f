import { InvalidInputError } from "../../../errors/invalid-input-error.js";
import { createSeededRandom } from "../../../internal/seeded-random.js";
import type { ResolveModelOptions } from "../../../models/resolve-model.js";
import type { JudgeCheck } from "../../../spec/events.js";
import type { Task } from "../../../spec/task.js";
import { createReplayTask, defaultShares, type JudgeMode } from "../../../tasks/traces/create-replay-task.js";
import { estimateReplayCallTokens } from "../../../tasks/traces/estimate-replay-call-tokens.js";
import { splitConversations } from "../../../tasks/traces/replay-examples.js";
import { traceStats } from "../../../traces/trace-stats.js";
import type { CliContext } from "../../cli-context.js";
import { prepareTracesJudge } from "./prepare-traces-judge.js";
import { describeRedactions, readTraceSource } from "./read-trace-source.js";

/** How `optimize --traces --dry-run` plans the judge's calls (`planJudgeCalls`). */
export interface TracesJudgePlan {
  readonly mode: JudgeMode;
  /** The judge's `provider:model`, to price its calls; undefined without a judge. */
  readonly judgeModelId: string | undefined;
  /** Whether some replay example has no expected answer, so its replies are judged. */
  readonly hasJudgedExamples: boolean;
  /** Judge calls before the first round: the rubric's derivation (0 or 1) and the agreement checks. */
  readonly setupCalls: { readonly rubric: number; readonly agreement: number };
  /** Tokens of one replayed target call, estimated from the conversations (see `estimateReplayCallTokens`). */
  readonly targetCallTokens: { readonly inputTokens: number; readonly outputTokens: number };
}

/** The options of `optimize --traces` this loader reads. */
export interface TracesTaskCommand {
  readonly traces?: string | undefined;
  readonly tracesFrom?: string | undefined;
  readonly tracesUntilMs?: number | undefined;
  readonly feedback?: string | undefined;
  readonly judge?: string | undefined;
  readonly judgeMode?: JudgeMode | undefined;
  readonly rubric?: string | undefined;
  readonly redact?: boolean | undefined;
  readonly redactPattern?: string | readonly string[] | undefined;
  readonly store?: string | undefined;
  readonly seed: number;
  readonly dryRun?: boolean | undefined;
}

/**
 * Builds the judged-replay task of `dlmpo optimize --traces`: reads and redacts the traces, splits them by conversation
 * (seeded), takes the seed prompt from `seedPrompt` (`--prompt`) or else the most used logged system prompt, and
 * prepares the judge (`prepareTracesJudge`: resolved with `models`, the judge's cache mode and meter; rubric; agreement
 * with logged scores, or the `storedJudgeCheck` of a resumed run). Tells the user on stderr what it found (rubric
 * included).
 *
 * @throws InvalidInputError for bad traces, no system prompt to start from, or a bad rubric file.
 */
export async function loadTracesCommandTask(options: {
  readonly command: TracesTaskCommand;
  readonly seedPrompt: string | undefined;
  readonly models: Omit<ResolveModelOptions, "spec">;
  /** The `judge-checked` event of the run being resumed, if any. */
  readonly storedJudgeCheck?: JudgeCheck | undefined;
  readonly context: CliContext;
}): Promise<{
  readonly task: Task;
  readonly judgeCheck?: JudgeCheck | undefined;
  readonly judgePlan: TracesJudgePlan;
}> {
  const { command, context } = options;
  const patterns = command.redactPattern === undefined ? [] : [command.redactPattern].flat();
  const source = await readTraceSource({
    flags: {
      from: command.tracesFrom,
      feedback: command.feedback,
      redact: command.redact,
      redactPattern: patterns,
      store: command.store,
      receivedUntilMs: command.tracesUntilMs,
    },
    files: command.tracesFrom === "store" ? [] : [command.traces ?? ""],
    context,
  });
  const stats = traceStats(source.conversations);
  const seedPrompt = options.seedPrompt ?? stats.systemPrompts.find((entry) => entry.prompt !== "")?.prompt;
  if (seedPrompt === undefined)
    throw new InvalidInputError({
      message: "The traces hold no system prompt to start from; pass --prompt <file>.",
      location: { field: "prompt" },
    });
  const until =
    command.tracesFrom === "store" && command.tracesUntilMs !== undefined
      ? ` (spans received until ${new Date(command.tracesUntilMs).toISOString()})`
      : "";
  const notes = [
    `Traces: ${stats.conversations} conversations${until}, ${stats.userTurns.total} user turns, ${stats.withFeedback} with feedback.`,
  ];
  if (stats.systemPrompts.length > 1)
    notes.push(
      `Warning: the traces come from ${stats.systemPrompts.length} system prompts; ${options.seedPrompt === undefined ? "the seed is the most used one" : "the seed is --prompt"}.`,
    );
  if (source.redacted !== undefined) notes.push(`Redacted: ${describeRedactions(source.redacted)}.`);
  const split = splitConversations({
    conversations: source.conversations,
    shares: defaultShares,
    random: createSeededRandom(command.seed),
  });
  const judge = await prepareTracesJudge({
    spec: command.judge,
    rubricPath: command.rubric,
    isDryRun: command.dryRun === true,
    split,
    models: options.models,
    stored: options.storedJudgeCheck,
    context,
    notes,
  });
  context.stderr.write(`${notes.join("\n")}\n`);
  const task = createReplayTask({
    conversations: source.conversations,
    split,
    seedPrompt,
    judge: judge.model,
    rubric: judge.rubric,
    mode: command.judgeMode,
  });
  const examples = await Promise.all([task.loadSplit("train"), task.loadSplit("dev"), task.loadSplit("test")]);
  return {
    task,
    ...(judge.check === undefined ? {} : { judgeCheck: judge.check }),
    judgePlan: {
      mode: command.judgeMode ?? "pairwise",
      judgeModelId: judge.modelId,
      hasJudgedExamples: judge.model !== undefined && examples.flat().some((example) => example.expected === undefined),
      setupCalls: judge.setupCalls,
      targetCallTokens: estimateReplayCallTokens({ examples: examples.flat(), seedPrompt }),
    },
  };
}
