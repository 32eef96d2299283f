import { existsSync } from "node:fs";
import { baselineMethods } from "../../baselines/baseline-methods.js";
import { createBaselineProposer } from "../../baselines/create-baseline-proposer.js";
import { corpusPathOf } from "../../baselines/load-corpus-phrases.js";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import type { AdaptiveLimiter } from "../../models/adaptive-limiter.js";
import type { ModelPrice } from "../../models/price-table.js";
import { type ModelCallSettings, resolveModel } from "../../models/resolve-model.js";
import type { UsageMeter } from "../../models/usage-meter.js";
import type { GapStyle } from "../../proposers/gap-style.js";
import type { CallCache } from "../../spec/call-cache.js";
import type { Proposer } from "../../spec/proposer.js";
import type { Runtime } from "../../spec/runtime.js";
import type { optimizeMethods } from "../config/optimize-options.js";
import { resolveProposer } from "../resolve-proposer.js";

/** A `--method` value. */
export type OptimizeMethod = (typeof optimizeMethods)[number];

/** The proposer of a method, its parent selection, and what to release when the run ends. */
export interface MethodProposer {
  readonly proposer: Proposer;
  readonly parentSelection: "best" | "frontier";
  /** The meter identity of the method's model (a `chat:`/`fim:` DLM or a baseline's chat model); none when local. */
  readonly modelId?: string | undefined;
  /** Notes to print once (see `ResolvedProposer.warnings`), and settings the proposer cannot use (e.g. an end bias given to a chat model). */
  readonly warnings: readonly string[];
  close(): Promise<void>;
}

/**
 * The proposer behind `--method`: `dlm` uses `--dlm` (default `builtin`); the baselines come from
 * `createBaselineProposer`, those that need a chat model (`ar-infill`, `ape`, `opro`, `gepa`) use the model of `--dlm`
 * (`chat:<provider:model>` or `<provider:model>`). Chat models report to `meter` (the run's DLM meter) so their spend
 * counts.
 *
 * @throws InvalidInputError when a method needs `--dlm` and it is missing; errors of `resolveProposer`/`resolveModel`.
 */
export async function resolveMethodProposer(options: {
  readonly method: OptimizeMethod;
  readonly dlm: string | undefined;
  readonly gapStyle?: GapStyle | undefined;
  readonly maskToken?: string | undefined;
  readonly dataDir: string;
  readonly runtime: Runtime;
  readonly cwd: string;
  readonly cache: CallCache | undefined;
  /** Cache mode, retries and timeout of the run, for the DLM or baseline chat model too. */
  readonly callSettings?: ModelCallSettings | undefined;
  readonly meter: UsageMeter;
  readonly apiKeys?: Readonly<Record<string, string>> | undefined;
  readonly prices?: Readonly<Record<string, ModelPrice>> | undefined;
  /** Native DLMs only: end-token logit bias (nats) and top-k log-probabilities per slot. */
  readonly endTokenBias?: number | undefined;
  readonly topK?: number | undefined;
  /** The limiter to share for a chat model of this spec (so parallel runs stay under one limit per model). */
  readonly limiterFor?: ((spec: string) => AdaptiveLimiter) | undefined;
}): Promise<MethodProposer> {
  const { method } = options;
  const nativeOnly = [
    ...(options.endTokenBias === undefined ? [] : ["--end-bias"]),
    ...(options.topK === undefined ? [] : ["--top-k"]),
  ];
  const ignoredBy = (proposerId: string): string[] =>
    nativeOnly.length === 0 ? [] : [`${nativeOnly.join(" and ")} ignored: ${proposerId} is not a native DLM.`];
  if (method === "dlm") {
    const resolved = await resolveProposer({
      spec: options.dlm ?? "builtin",
      runtime: options.runtime,
      cwd: options.cwd,
      cache: options.cache,
      callSettings: options.callSettings,
      meter: options.meter,
      apiKeys: options.apiKeys,
      prices: options.prices,
      endTokenBias: options.endTokenBias,
      topK: options.topK,
      limiterFor: options.limiterFor,
      gapStyle: options.gapStyle,
      maskToken: options.maskToken,
    });
    return {
      proposer: resolved.proposer,
      parentSelection: "best",
      modelId: resolved.modelId,
      warnings: [...resolved.warnings, ...(resolved.predictor === undefined ? ignoredBy(resolved.proposer.id) : [])],
      close: () => resolved.close(),
    };
  }
  const descriptor = baselineMethods.find((baseline) => baseline.method === method);
  if (descriptor === undefined)
    throw new InvalidInputError({ message: `Unknown method "${method}".`, location: { field: "method" } });
  if (descriptor.needsModel && options.dlm === undefined)
    throw new InvalidInputError({
      message: `--method ${method} needs a chat model: --dlm chat:<provider:model>, e.g. chat:openai:gpt-4o-mini.`,
      location: { field: "dlm" },
    });
  const chatSpec = options.dlm?.startsWith("chat:") === true ? options.dlm.slice("chat:".length) : options.dlm;
  const resolved =
    descriptor.needsModel && chatSpec !== undefined
      ? resolveModel({
          ...options.callSettings,
          spec: chatSpec,
          runtime: options.runtime,
          cache: options.cache,
          meter: options.meter,
          apiKeys: options.apiKeys,
          prices: options.prices,
          limiter: options.limiterFor?.(chatSpec),
        })
      : undefined;
  return {
    // Without the corpus file, random-edit falls back to its built-in phrases rather than failing.
    proposer: createBaselineProposer({
      method,
      model: resolved?.model,
      dataDir: existsSync(corpusPathOf({ dataDir: options.dataDir })) ? options.dataDir : undefined,
    }),
    parentSelection: descriptor.parentSelection,
    modelId: resolved?.modelId,
    warnings: ignoredBy(`the ${method} baseline`),
    close: async () => {},
  };
}
