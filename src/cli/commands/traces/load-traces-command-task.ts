import { resolve } from "node:path";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { InvalidInputError } from "../../../errors/invalid-input-error.js";
import { createSeededRandom } from "../../../internal/seeded-random.js";
import { type ResolveModelOptions, resolveModel } from "../../../models/resolve-model.js";
import type { Task } from "../../../spec/task.js";
import { createReplayTask, defaultShares, type JudgeMode } from "../../../tasks/traces/create-replay-task.js";
import { defaultRubric, deriveRubric } from "../../../tasks/traces/derive-rubric.js";
import { type JudgeAgreement, measureJudgeAgreement } from "../../../tasks/traces/measure-judge-agreement.js";
import { splitConversations } from "../../../tasks/traces/replay-examples.js";
import type { LoggedConversation } from "../../../traces/logged-conversation.js";
import { traceStats } from "../../../traces/trace-stats.js";
import type { CliContext } from "../../cli-context.js";
import { readPromptFile } from "../../config/read-prompt-file.js";
import { describeRedactions, readTraceSource } from "./read-trace-source.js";

/** What the judge of `optimize --traces` judges by and how far to trust it (printed, and in `--json` output). */
export interface TracesJudgeSummary {
  readonly model: string;
  readonly rubric: string;
  /** Undefined with `--dry-run` (not measured). */
  readonly agreement?: JudgeAgreement | undefined;
}

/** The options of `optimize --traces` this loader reads. */
export interface TracesTaskCommand {
  readonly traces?: string | undefined;
  readonly tracesFrom?: string | undefined;
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
 * (seeded), takes the seed prompt from `seedPrompt` (`--prompt`) or else the most used logged system prompt, resolves
 * the judge with the run's cache and meter, reads the rubric or derives it once from the train and dev feedback, and
 * measures the judge's agreement with logged scores on the test conversations. Tells the user on stderr what it found
 * (rubric included).
 *
 * @throws InvalidInputError for bad traces, no system prompt to start from, or a bad rubric file.
 */
export async function loadTracesCommandTask(options: {
  readonly command: TracesTaskCommand;
  readonly seedPrompt: string | undefined;
  readonly models: Omit<ResolveModelOptions, "spec">;
  readonly context: CliContext;
}): Promise<{
  readonly task: Task;
  readonly judgeModelId: string | undefined;
  readonly judge?: TracesJudgeSummary | undefined;
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
  const notes = [
    `Traces: ${stats.conversations} conversations, ${stats.userTurns.total} user turns, ${stats.withFeedback} with feedback.`,
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
  const judge = command.judge === undefined ? undefined : resolveModel({ ...options.models, spec: command.judge });
  const rubric = await chooseRubric({
    command,
    context,
    judge: judge?.model,
    known: [...split.train, ...split.dev],
    notes,
  });
  let agreement: JudgeAgreement | undefined;
  if (judge !== undefined && command.dryRun !== true) {
    agreement = await measureJudgeAgreement({
      judge: judge.model,
      rubric,
      conversations: split.test,
      abortSignal: context.abortSignal,
    });
    notes.push(
      agreement.rate === undefined
        ? "Judge agreement with logged feedback: no held-out conversation has a logged score, so it is unknown."
        : `Judge agreement with logged feedback on ${agreement.examples} held-out conversations: ${Math.round(100 * agreement.rate.value)}% (95% CI ${Math.round(100 * agreement.rate.low)}–${Math.round(100 * agreement.rate.high)}%)${agreement.unreadable > 0 ? `; ${agreement.unreadable} verdicts unreadable` : ""}.`,
    );
  }
  context.stderr.write(`${notes.join("\n")}\n`);
  const task = createReplayTask({
    conversations: source.conversations,
    split,
    seedPrompt,
    judge: judge?.model,
    rubric,
    mode: command.judgeMode,
  });
  return {
    task,
    judgeModelId: judge?.modelId,
    ...(judge === undefined
      ? {}
      : { judge: { model: judge.modelId, rubric, ...(agreement === undefined ? {} : { agreement }) } }),
  };
}

async function chooseRubric(options: {
  readonly command: TracesTaskCommand;
  readonly context: CliContext;
  readonly judge: LanguageModelV3 | undefined;
  readonly known: readonly LoggedConversation[];
  readonly notes: string[];
}): Promise<string> {
  const { command, context, judge, notes } = options;
  if (command.rubric !== undefined)
    return readPromptFile({ path: resolve(context.cwd, command.rubric), cwd: context.cwd });
  if (judge === undefined) return defaultRubric;
  if (command.dryRun === true) {
    notes.push("Rubric: derived from the feedback when the run starts (one judge call).");
    return defaultRubric;
  }
  const rubric = await deriveRubric({ judge, conversations: options.known, abortSignal: context.abortSignal });
  notes.push(`Rubric (derived once from the logged feedback; pass --rubric <file> to set your own):\n${rubric}`);
  return rubric;
}
