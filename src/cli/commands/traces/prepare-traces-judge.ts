import { resolve } from "node:path";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { type ResolveModelOptions, resolveModel } from "../../../models/resolve-model.js";
import type { UsageMeter } from "../../../models/usage-meter.js";
import { describeJudgeCheck } from "../../../report/describe-judge-check.js";
import type { JudgeCheck, Spend } from "../../../spec/events.js";
import type { SplitName } from "../../../spec/task.js";
import { defaultRubric, deriveRubric, rubricFeedback } from "../../../tasks/traces/derive-rubric.js";
import { agreementSample, measureJudgeAgreement } from "../../../tasks/traces/measure-judge-agreement.js";
import { toJudgeCheck } from "../../../tasks/traces/to-judge-check.js";
import type { LoggedConversation } from "../../../traces/logged-conversation.js";
import type { CliContext } from "../../cli-context.js";
import { readPromptFile } from "../../config/read-prompt-file.js";

/** The judge of a judged-replay run, ready to score, with what the run stores and plans about it. */
export interface TracesJudge {
  readonly model: LanguageModelV3 | undefined;
  /** The judge's `provider:model` as the meter names it. */
  readonly modelId: string | undefined;
  readonly rubric: string;
  /** The run's `judge-checked` event; undefined without a judge or with `--dry-run`. */
  readonly check?: JudgeCheck | undefined;
  /** Judge calls before the first round: the rubric's derivation (0 or 1) and the agreement checks. */
  readonly setupCalls: { readonly rubric: number; readonly agreement: number };
}

/**
 * Resolves the judge of `optimize --traces` (with the judge's cache mode and meter, in `models`), then its rubric
 * (`--rubric`, else derived once from the train and dev feedback) and its agreement with logged scores on the test
 * conversations; pushes what it found onto `notes`. With `--dry-run` it only counts those calls. With `stored` (a
 * resumed run's `judge-checked` event) it reuses the stored rubric and agreement and calls nothing, so a resumed run
 * judges by the rubric it started with, whatever the cache holds.
 *
 * @throws InvalidInputError for a bad rubric file or judge spec.
 */
export async function prepareTracesJudge(options: {
  readonly spec: string | undefined;
  readonly rubricPath: string | undefined;
  readonly isDryRun: boolean;
  readonly split: Readonly<Record<SplitName, readonly LoggedConversation[]>>;
  readonly models: Omit<ResolveModelOptions, "spec">;
  readonly stored?: JudgeCheck | undefined;
  readonly context: CliContext;
  readonly notes: string[];
}): Promise<TracesJudge> {
  const { context, notes, split, stored } = options;
  const readRubric = async (path: string): Promise<string> =>
    readPromptFile({ path: resolve(context.cwd, path), cwd: context.cwd });
  if (options.spec === undefined)
    return {
      model: undefined,
      modelId: undefined,
      rubric: options.rubricPath === undefined ? defaultRubric : await readRubric(options.rubricPath),
      setupCalls: { rubric: 0, agreement: 0 },
    };
  const judge = resolveModel({ ...options.models, spec: options.spec });
  if (stored !== undefined) {
    notes.push(`Resuming with the run's stored rubric. ${describeJudgeCheck(stored)}`);
    return {
      model: judge.model,
      modelId: judge.modelId,
      rubric: stored.rubric,
      check: stored,
      setupCalls: { rubric: 0, agreement: 0 },
    };
  }
  const known = [...split.train, ...split.dev];
  const setupCalls = {
    rubric: options.rubricPath === undefined && rubricFeedback({ conversations: known }).length > 0 ? 1 : 0,
    agreement: agreementSample({ conversations: split.test }).length,
  };
  if (options.rubricPath !== undefined) {
    const rubric = await readRubric(options.rubricPath);
    if (options.isDryRun) return { model: judge.model, modelId: judge.modelId, rubric, setupCalls };
    return {
      model: judge.model,
      modelId: judge.modelId,
      rubric,
      ...(await measure({ ...options, meter: options.models.meter, judge, rubric })),
      setupCalls,
    };
  }
  if (options.isDryRun) {
    if (setupCalls.rubric > 0) notes.push("Rubric: derived from the feedback when the run starts (one judge call).");
    return { model: judge.model, modelId: judge.modelId, rubric: defaultRubric, setupCalls };
  }
  const rubric = await deriveRubric({ judge: judge.model, conversations: known, abortSignal: context.abortSignal });
  notes.push(
    setupCalls.rubric > 0
      ? `Rubric (derived once from the logged feedback; pass --rubric <file> to set your own):\n${rubric}`
      : `Rubric (no logged feedback to derive one from; pass --rubric <file> to set your own):\n${rubric}`,
  );
  return {
    model: judge.model,
    modelId: judge.modelId,
    rubric,
    ...(await measure({ ...options, meter: options.models.meter, judge, rubric })),
    setupCalls,
  };
}

/** Measures the judge's agreement on the test conversations and notes it. */
async function measure(options: {
  readonly judge: { readonly model: LanguageModelV3; readonly modelId: string };
  readonly rubric: string;
  readonly split: Readonly<Record<SplitName, readonly LoggedConversation[]>>;
  /** The judge's own meter: what it holds after the checks is their cost. */
  readonly meter: UsageMeter | undefined;
  readonly context: CliContext;
  readonly notes: string[];
}): Promise<{ readonly check: JudgeCheck }> {
  const { judge, rubric } = options;
  const agreement = await measureJudgeAgreement({
    judge: judge.model,
    rubric,
    conversations: options.split.test,
    abortSignal: options.context.abortSignal,
  });
  const check = toJudgeCheck({
    judgeModelId: judge.modelId,
    rubric,
    agreement,
    spend: options.meter === undefined ? undefined : setupSpend(options.meter),
  });
  options.notes.push(describeJudgeCheck(check));
  return { check };
}

/** A judge meter's usage as a spend (judge calls only, no wall time: it is the run's clock that budgets count). */
function setupSpend(meter: UsageMeter): Spend {
  const { total, perModel } = meter.snapshot();
  return {
    targetCalls: 0,
    dlmCalls: 0,
    inputTokens: total.inputTokens,
    outputTokens: total.outputTokens,
    costUsd: total.costUsd,
    wallMs: 0,
    byModel: Object.entries(perModel).map(([modelId, usage]) => ({
      modelId,
      role: "judge",
      calls: usage.calls,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      costUsd: usage.costUsd,
    })),
  };
}
