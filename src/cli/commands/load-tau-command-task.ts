import { DlmpoError } from "../../errors/dlmpo-error.js";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import type { AdaptiveLimiter } from "../../models/adaptive-limiter.js";
import { type ResolveModelOptions, resolveModel } from "../../models/resolve-model.js";
import type { Task } from "../../spec/task.js";
import { loadTauBenchTask } from "../../tasks/tau-bench/load-tau-bench-task.js";

/** The simulated user's model when `--user` is not given: the model the original tau-bench results used. */
export const defaultTauUserModel = "openai:gpt-4o";

/**
 * Loads a tau-bench task (`--task tau-retail` / `tau-airline`) for `optimize` and `eval`, with the `provider:model` id
 * of its simulated user (for the spend figures): resolves the simulated
 * user's model (`user`, default {@link defaultTauUserModel}) with the run's cache, meter, keys and shared limiter, so
 * its calls are cached, its tokens and cost count in the spend and budgets, and parallel runs share its limit.
 *
 * @throws InvalidInputError when a classification-only option (`template`, `labels`) is set, or the data is missing;
 *   DlmpoError `missing-api-key` / `unknown-provider` from `resolveModel` for the user model.
 */
export async function loadTauCommandTask(options: {
  readonly name: string;
  readonly dataDir: string;
  /** `provider:model` of the simulated user. */
  readonly user: string | undefined;
  /** Options of the run's other models to share (cache, meter, keys, prices); `spec` is the user's. */
  readonly models: Omit<ResolveModelOptions, "spec" | "limiter">;
  /**
   * The limiter of a model spec shared by every run in flight (`bench compare --parallel`): the user model's calls
   * then share one concurrency limit per spec with the target's and other runs' users; default a new one.
   */
  readonly limiterFor?: ((spec: string) => AdaptiveLimiter) | undefined;
  /** Agent sampling temperature (default 0). */
  readonly temperature?: number | undefined;
  /** Simulated user's temperature (default: the provider's own, as the original). */
  readonly userTemperature?: number | undefined;
  /** Options that only classification tasks read; any set one is an input error. */
  readonly classificationOptions: Readonly<Record<string, unknown>>;
}): Promise<{ readonly task: Task; readonly userModelId: string }> {
  for (const [field, value] of Object.entries(options.classificationOptions)) {
    if (value !== undefined)
      throw new InvalidInputError({
        message: `--${toKebab(field)} applies to classification tasks only, not to ${options.name}.`,
        location: { field },
      });
  }
  const spec = options.user ?? defaultTauUserModel;
  const { model, modelId } = resolveUserModel({ ...options.models, spec, limiter: options.limiterFor?.(spec) });
  const task = await loadTauBenchTask({
    name: options.name,
    dataDir: options.dataDir,
    userModel: model,
    temperature: options.temperature,
    userTemperature: options.userTemperature,
  });
  return { task, userModelId: modelId };
}

/** The simulated user's model; a missing API key names the role, since the target may need none. */
function resolveUserModel(options: ResolveModelOptions): ReturnType<typeof resolveModel> {
  try {
    return resolveModel(options);
  } catch (error) {
    if (!(error instanceof DlmpoError) || error.code !== "missing-api-key") throw error;
    throw new DlmpoError({
      code: "missing-api-key",
      message: `${error.message} It is the simulated user's (--user ${options.spec}).`,
      cause: error,
    });
  }
}

function toKebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
