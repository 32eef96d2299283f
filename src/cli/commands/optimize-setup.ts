import { resolve } from "node:path";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import type { AdaptiveLimiter } from "../../models/adaptive-limiter.js";
import { normalizeBaseUrl } from "../../models/normalize-base-url.js";
import { resolveModel } from "../../models/resolve-model.js";
import { scopeCallCache } from "../../models/scope-call-cache.js";
import { createUsageMeter, type UsageMeter } from "../../models/usage-meter.js";
import type { OptimizeOptions, RunParts } from "../../optimizer/optimize.js";
import type { SpanStrategy } from "../../optimizer/select-spans.js";
import type { JudgeCheck } from "../../spec/events.js";
import type { SqliteStore } from "../../store/open-sqlite-store.js";
import { classificationSets } from "../../tasks/classification/classification-sets.js";
import { loadClassificationTask } from "../../tasks/classification/load-classification-task.js";
import { isTauTaskName, tauTaskNames } from "../../tasks/tau-bench/is-tau-task-name.js";
import type { CliContext } from "../cli-context.js";
import { defaultDataDir } from "../config/default-paths.js";
import type { OptimizeCommandOptions } from "../config/optimize-options.js";
import { readPromptFile } from "../config/read-prompt-file.js";
import { toModelCallSettings } from "../config/to-model-call-settings.js";
import { openCustomModels } from "../open-custom-models.js";
import { warn } from "../render/warn.js";
import { resolveMethodProposer } from "./optimize-method.js";
import { toRunDiffusionOptions } from "./run-diffusion-options.js";
import { toLabelList } from "./to-label-list.js";
import { loadTracesCommandTask, type TracesJudgePlan } from "./traces/load-traces-command-task.js";

/** The settings part of `optimize()`'s options, from the command's options. */
export type CommandSettings = Omit<OptimizeOptions, keyof RunParts>;

/** Everything a command needs to start or resume an optimisation run. */
export interface PreparedOptimizeRun {
  readonly parts: RunParts;
  readonly settings: CommandSettings;
  /** The options to store with the run (no API keys), so `dlmpo runs resume` can rebuild the parts. */
  readonly invocation: Omit<OptimizeCommandOptions, "apiKeys">;
  /** The meter of the target and simulated user, and the target's identity. */
  readonly meter: UsageMeter;
  /** The meter of the DLM's (or a baseline's) model, and that model's identity when it has one (not a local DLM). */
  readonly dlmMeter: UsageMeter;
  readonly dlmModelId: string | undefined;
  readonly targetModelId: string;
  /** With `--traces`: what `--dry-run` needs to plan the judge's calls. */
  readonly judgePlan?: TracesJudgePlan | undefined;
  /** The judge's meter (its own spend row and price). */
  readonly judgeMeter: UsageMeter;
  close(): Promise<void>;
}

/** Stand-in keys of a dry run, which resolves models (and prices them) but calls none. */
const dryRunKeys: Readonly<Record<string, string>> = { openai: "dry-run", anthropic: "dry-run" };

const definedEntries = (record: Readonly<Record<string, string | undefined>> | undefined) =>
  record === undefined
    ? undefined
    : Object.fromEntries(Object.entries(record).filter((entry): entry is [string, string] => entry[1] !== undefined));

/**
 * Builds the task, target, proposer and settings of an optimisation from the command's options; input errors (exit 2)
 * surface here, before any call.
 *
 * @throws InvalidInputError / DlmpoError `invalid-config` for bad options, files or model specs.
 */
export async function prepareOptimizeRun(options: {
  readonly command: OptimizeCommandOptions;
  readonly context: CliContext;
  readonly store: SqliteStore;
  /**
   * One limiter per model spec shared by runs in flight together (`bench compare`, `bench steps`): target, tau-bench
   * simulated user and chat DLM; default a new one per model.
   */
  readonly limiterFor?: ((spec: string) => AdaptiveLimiter) | undefined;
  /** The `judge-checked` event of the run being resumed: its rubric and agreement are reused, not asked again. */
  readonly storedJudgeCheck?: JudgeCheck | undefined;
}): Promise<PreparedOptimizeRun> {
  const { context, store } = options;
  // A run from received spans reads those received until it starts, and records when: a resume reads the same spans.
  const command =
    options.command.tracesFrom === "store" && options.command.tracesUntilMs === undefined && !options.command.dryRun
      ? { ...options.command, tracesUntilMs: context.runtime.clock.now() }
      : options.command;
  const diffusionOptions = toRunDiffusionOptions(command);
  const { runtime, cwd } = context;
  const seedPrompt =
    command.prompt === undefined
      ? undefined
      : await readPromptFile({ path: command.prompt, cwd, onWarning: (message) => warn(context, message) });
  const labels = toLabelList(command.labels);
  const dataDir = command.dataDir ?? defaultDataDir({ cwd });
  const roles = [command.cache, ...Object.values(command.cacheRoles ?? {})];
  const cache = roles.every((mode) => mode === "off") ? undefined : store;
  // A dry run calls nothing, so it needs no key: a stand-in lets the models resolve (and be priced).
  const apiKeys = { ...(command.dryRun ? dryRunKeys : {}), ...definedEntries(command.apiKeys) };
  // One meter for the target (and simulated user), one for the DLM: the budgets sum both, and a model serving as
  // target and DLM at once gets a spend row per role.
  const meter = createUsageMeter({ runtime, prices: command.prices });
  const dlmMeter = createUsageMeter({ runtime, prices: command.prices });
  // The judge has a meter (and a cache mode) of its own, so a model serving as target and judge gets a row per role.
  const judgeMeter = createUsageMeter({ runtime, prices: command.prices });
  const callSettings = toModelCallSettings(command, "dlm");
  const models = { runtime, apiKeys, meter, cache, ...toModelCallSettings(command), concurrency: command.concurrency };
  const traces =
    command.traces !== undefined || command.tracesFrom === "store"
      ? await loadTracesCommandTask({
          command,
          seedPrompt,
          models: { ...models, meter: judgeMeter, ...toModelCallSettings(command, "judge") },
          storedJudgeCheck: options.storedJudgeCheck,
          context,
        })
      : undefined;
  if (traces === undefined && command.task === undefined)
    throw new InvalidInputError({
      message:
        "is required: a task (sst2, tau-retail, a labelled JSONL file …), or --traces with logged conversations.",
      location: { field: "--task" },
    });
  const taskName = command.task ?? "";
  const tau =
    traces === undefined && isTauTaskName(taskName)
      ? await (await import("./load-tau-command-task.js")).loadTauCommandTask({
          name: taskName,
          dataDir,
          user: command.user,
          userTemperature: command.userTemperature,
          models: { ...models, ...toModelCallSettings(command, "user") },
          limiterFor: options.limiterFor,
          classificationOptions: { template: command.template, labels: command.labels },
        })
      : undefined;
  const task =
    traces?.task ??
    tau?.task ??
    (await loadClassificationTask({
      name: taskName in classificationSets || !isPathLike(taskName) ? taskName : resolve(cwd, taskName),
      otherTaskNames: Object.keys(tauTaskNames),
      dataDir,
      template: command.template,
      labels,
      seedPrompt,
      metricsSeed: command.seed,
    }));
  const custom = await openCustomModels({ specs: [command.target] });
  const { model, modelId } = resolveModel({
    ...models,
    customModels: custom.customModels,
    spec: command.target,
    limiter: options.limiterFor?.(command.target),
  });
  const method = await resolveMethodProposer({
    method: command.method,
    dlm: command.dlm,
    gapStyle: command.gapStyle,
    maskToken: command.maskToken,
    dataDir,
    runtime,
    cwd,
    cache,
    callSettings,
    meter: dlmMeter,
    apiKeys,
    prices: command.prices,
    endTokenBias: diffusionOptions.endTokenBias,
    topK: diffusionOptions.topK,
    limiterFor: options.limiterFor,
  });
  for (const warning of method.warnings) context.stderr.write(`warning: ${warning}\n`);
  const budgets = {
    targetCalls: command.budgetCalls,
    dlmCalls: command.budgetDlmRequests ?? command.budgetDlmCalls,
    tokens: command.budgetTokens,
    costUsd: command.budgetUsd,
    wallMs: command.budgetMinutes === undefined ? undefined : command.budgetMinutes * 60_000,
  };
  const settings: CommandSettings = {
    seed: command.seed,
    ...(seedPrompt === undefined ? {} : { seedPrompt }),
    rounds: command.method === "none" ? 0 : command.rounds,
    candidatesPerRound: command.candidates,
    trainMinibatch: command.trainMinibatch,
    devSize: command.devSize,
    testSize: command.testSize,
    patience: command.patience,
    targetScore: command.targetScore,
    acceptAlpha: command.acceptAlpha,
    acceptErrorControl: command.acceptErrorControl,
    acceptShare: command.acceptShare,
    acceptCandidates: command.acceptCandidates,
    spanStrategies: command.strategies === undefined ? undefined : parseStrategies(command.strategies),
    diffusion: diffusionOptions.diffusion,
    slotRange: diffusionOptions.slotRange,
    maskRatio: diffusionOptions.maskRatio,
    budgets: Object.fromEntries(Object.entries(budgets).filter(([, value]) => value !== undefined)),
    concurrency: command.concurrency,
    maxFailures: command.maxFailures,
    parentSelection: method.parentSelection,
  };
  const { apiKeys: _secret, ...invocation } = command;
  return {
    parts: {
      task,
      target: model,
      // The ablation: the proposer is told nothing about the traces (empty conditioning), all else equal.
      proposer: command.conditioning ? method.proposer : { ...method.proposer, conditioningBudgetChars: 0 },
      runtime,
      store,
      ...(traces?.judgeCheck === undefined ? {} : { judgeCheck: traces.judgeCheck }),
      meters: [
        meter,
        { role: "proposer", snapshot: () => dlmMeter.snapshot() },
        { role: "judge", snapshot: () => judgeMeter.snapshot() },
      ],
      // The meter names models by their spec (`builtin`, `openai:gpt-4o-mini`), which can differ from the provider's own id.
      modelRoles: {
        [modelId]: "target",
        ...(tau === undefined ? {} : { [tau.userModelId]: "user" }),
      },
      // Proposals are memoised in the store under the method and DLM spec (server included): shared by every run when
      // the DLM's calls are cached, else kept to this run, whose resume must still repeat no DLM call.
      proposalCache: scopeCallCache({
        cache: store,
        scope: proposalScope({ method: command.method, dlm: command.dlm }),
        mode: "use",
      }),
      proposalMemoPerRun: (callSettings.cacheMode ?? "use") !== "use",
      stopFile: resolve(cwd, ".dlmpo", "stop"),
      abortSignal: context.abortSignal,
    },
    settings,
    invocation,
    meter,
    dlmMeter,
    dlmModelId: method.modelId,
    targetModelId: modelId,
    ...(traces === undefined ? {} : { judgePlan: traces.judgePlan }),
    judgeMeter,
    close: async () => {
      await method.close();
      await custom.close();
    },
  };
}

/** The proposal memo's namespace: the method and its DLM spec, every URL in it normalised (credentials dropped). */
function proposalScope(options: { readonly method: string; readonly dlm: string | undefined }): string {
  const dlm = (options.dlm ?? "builtin").replace(/https?:\/\/[^\s#]+/g, (url) => normalizeBaseUrl(url));
  return `${options.method}|${dlm}`;
}

/** Whether a `--task` value names a file rather than a task (it has a folder separator or ends in `.jsonl`). */
const isPathLike = (task: string): boolean => /[/\\]|\.jsonl$/.test(task);

/** `sentence=2,insert=1` or `{ sentence: 2 }` → weights by strategy. */
export function parseStrategies(
  value: string | Readonly<Partial<Record<SpanStrategy, number>>>,
): Partial<Record<SpanStrategy, number>> {
  if (typeof value !== "string") return { ...value };
  const weights: Partial<Record<SpanStrategy, number>> = {};
  for (const part of value
    .split(",")
    .map((piece) => piece.trim())
    .filter((piece) => piece !== "")) {
    const match = /^(random|sentence|insert|delete|attributed)(?:=(\d+(?:\.\d+)?))?$/.exec(part);
    const name = match?.[1];
    if (match === null || name === undefined)
      throw new InvalidInputError({
        message: `"${part}" is not a strategy weight; write e.g. sentence=2,insert=1 (random, sentence, insert, delete, attributed).`,
        location: { field: "strategies" },
      });
    // The pattern only matches the five strategy names.
    weights[name as SpanStrategy] = match[2] === undefined ? 1 : Number(match[2]);
  }
  return weights;
}
