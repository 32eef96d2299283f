import type { MaskPredictor } from "../spec/mask-predictor.js";
import type { DiffusionSettings } from "../spec/proposer.js";
import type { Random } from "../spec/runtime.js";
import { type ConditioningRange, type DenoiseResult, denoiseBatch } from "./denoise-batch.js";

/** Options of `denoise`: one sequence. */
export interface DenoiseOptions {
  readonly predictor: MaskPredictor;
  /** Token ids with `predictor.maskTokenId` at the slots to fill, anywhere in the sequence. */
  readonly tokens: readonly number[];
  readonly settings: DiffusionSettings;
  readonly random: Random;
  /** Positions masked for the unconditional pass when `settings.cfgScale` > 0. */
  readonly conditioningRange?: ConditioningRange | undefined;
  /** Ask the predictor for top-k log-probabilities instead of full logits. */
  readonly topK?: number | undefined;
  readonly abortSignal?: AbortSignal | undefined;
}

/**
 * Fills every mask of one sequence with the LLaDA reverse process; see `denoiseBatch` for the algorithm, the errors it
 * throws, and the batched form (K candidates in one `doPredict` per step). Equal to `denoiseBatch` with this one sequence.
 */
export async function denoise(options: DenoiseOptions): Promise<DenoiseResult> {
  const { results } = await denoiseBatch({
    predictor: options.predictor,
    sequences: [options.tokens],
    settings: options.settings,
    random: options.random,
    conditioningRange: options.conditioningRange,
    topK: options.topK,
    abortSignal: options.abortSignal,
  });
  const [result] = results;
  if (result === undefined) throw new Error("denoiseBatch returned no result for a batch of one.");
  return result;
}
