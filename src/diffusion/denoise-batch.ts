import { DlmpoError } from "../errors/dlmpo-error.js";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { MaskPredictor, PositionDistribution } from "../spec/mask-predictor.js";
import type { DiffusionSettings } from "../spec/proposer.js";
import type { Random } from "../spec/runtime.js";
import { combineGuidance } from "./combine-guidance.js";
import { commitCount } from "./commit-count.js";
import { type PositionChoice, scorePosition } from "./score-position.js";
import { splitEvenly } from "./split-evenly.js";
import { validateDiffusionSettings } from "./validate-diffusion-settings.js";

/** What one reverse step of one sequence committed. */
export interface StepRecord {
  /** Semi-autoregressive block the step worked on (0 when there is one block). */
  readonly block: number;
  /** Committed positions with their tokens and the confidence that ranked them, most confident first. */
  readonly committed: readonly { readonly position: number; readonly tokenId: number; readonly confidence: number }[];
}

/** The denoised sequence: every mask filled (end tokens are kept; dropping them is the caller's business). */
export interface DenoiseResult {
  readonly tokens: number[];
  /** `doPredict` calls this sequence took part in (a CFG step's cond + uncond pass is one batched call). */
  readonly forwardPasses: number;
  readonly steps: StepRecord[];
  /** Predictor warnings and ignored settings, each once. */
  readonly warnings: string[];
}

/** A token range (`start` inclusive, `end` exclusive) masked for the unconditional pass of classifier-free guidance. */
export interface ConditioningRange {
  readonly start: number;
  readonly end: number;
}

/** Options of `denoiseBatch`: several sequences of equal length sampled together. */
export interface DenoiseBatchOptions {
  readonly predictor: MaskPredictor;
  /** Sequences of equal length with `predictor.maskTokenId` at the slots to fill, anywhere in the sequence. */
  readonly sequences: readonly (readonly number[])[];
  readonly settings: DiffusionSettings;
  /** Sequence `i` draws from `random.fork("sequence:i")`, so a result does not depend on the rest of the batch. */
  readonly random: Random;
  /** Positions masked for the unconditional pass when `settings.cfgScale` > 0 (same for every sequence). */
  readonly conditioningRange?: ConditioningRange | undefined;
  /** Ask the predictor for top-k log-probabilities instead of full logits (less to transfer from a remote predictor). */
  readonly topK?: number | undefined;
  readonly abortSignal?: AbortSignal | undefined;
}

/** What `denoiseBatch` returns. */
export interface DenoiseBatchResult {
  /** One result per input sequence, same order. */
  readonly results: DenoiseResult[];
  /** `doPredict` calls made in total (one per step for the whole batch). */
  readonly forwardPasses: number;
}

interface SequenceState {
  readonly tokens: number[];
  readonly random: Random;
  readonly blocks: number[][];
  readonly stepsPerBlock: number[];
  block: number;
  stepInBlock: number;
  forwardPasses: number;
  readonly steps: StepRecord[];
}

/**
 * Runs the LLaDA reverse process (DESIGN.md, the diffusion engine) on several sequences of equal length at once: each
 * step makes one `doPredict` call over the masked positions of every unfinished sequence's current block, picks `x0`
 * per position, ranks by the remasking rule and commits the k most confident (k = masks remaining ÷ steps remaining,
 * rounded up). With `threshold`, every position whose confidence reaches it is committed too, so steps may end early.
 * Blocks (`blockLength`) cover the masked positions left to right; steps are spread evenly over blocks, at least one each.
 * Deterministic for a given `random` seed. When `topK` is not given and the predictor `prefersTopK`, settings that need
 * only the best tokens (temperature 0, no guidance, remasking other than `entropy`) ask for the top 3 — the best two
 * non-mask tokens even when the mask token ranks among them — which decides the same tokens as full logits.
 *
 * @throws InvalidInputError for bad settings or sequences of unequal length.
 * @throws DlmpoError `context-length` when the sequences exceed `predictor.contextLength` (says by how much),
 *   `aborted` when `abortSignal` fires, `provider-error` when the predictor answers with the wrong shape.
 */
export async function denoiseBatch(options: DenoiseBatchOptions): Promise<DenoiseBatchResult> {
  const { predictor, settings } = options;
  validateDiffusionSettings(settings);
  const warnings = new Set<string>();
  const length = options.sequences[0]?.length ?? 0;
  if (options.sequences.some((sequence) => sequence.length !== length))
    throw new InvalidInputError({
      message: "All sequences of a batch must have the same length.",
      location: { field: "sequences" },
    });
  if (length > predictor.contextLength)
    throw new DlmpoError({
      code: "context-length",
      message: `The sequence has ${length} tokens, ${length - predictor.contextLength} more than the context length of ${predictor.modelId} (${predictor.contextLength}). Shorten the conditioning or use fewer mask slots.`,
    });
  const guidance = settings.cfgScale > 0 ? options.conditioningRange : undefined;
  if (settings.cfgScale > 0 && guidance === undefined)
    warnings.add("cfgScale ignored: no conditioningRange was given.");
  const states = options.sequences.map((sequence, index) =>
    createState({
      sequence: [...sequence],
      random: options.random.fork(`sequence:${index}`),
      maskTokenId: predictor.maskTokenId,
      settings,
    }),
  );
  const topK =
    options.topK ?? (predictor.prefersTopK === true && needsOnlyBestTokens(settings, guidance) ? 3 : undefined);
  let forwardPasses = 0;
  for (;;) {
    const active = states.filter((state) => advanceToMaskedBlock(state, predictor.maskTokenId));
    if (active.length === 0) break;
    if (options.abortSignal?.aborted)
      throw new DlmpoError({ code: "aborted", message: "Denoising was aborted.", cause: options.abortSignal.reason });
    const positions = active.map((state) => maskedIn(state, predictor.maskTokenId));
    const sequences = active.map((state) => state.tokens);
    const unconditional =
      guidance === undefined ? [] : active.map((state) => maskRange(state.tokens, guidance, predictor.maskTokenId));
    const prediction = await predictor.doPredict({
      sequences: [...sequences, ...unconditional],
      positions: guidance === undefined ? positions : [...positions, ...positions],
      topK,
      abortSignal: options.abortSignal,
    });
    forwardPasses += 1;
    for (const warning of prediction.warnings) warnings.add(warning);
    active.forEach((state, index) => {
      const wanted = positions[index] ?? [];
      const distributions = checkedDistributions(prediction.distributions[index], wanted.length, predictor.modelId);
      const uncond =
        guidance === undefined
          ? undefined
          : checkedDistributions(prediction.distributions[index + active.length], wanted.length, predictor.modelId);
      const choices = distributions.map((distribution, slot) =>
        scorePosition({
          distribution:
            uncond?.[slot] === undefined
              ? distribution
              : combineGuidance({ conditional: distribution, unconditional: uncond[slot], scale: settings.cfgScale }),
          maskTokenId: predictor.maskTokenId,
          settings,
          random: state.random,
        }),
      );
      commitStep({ state, positions: wanted, choices, settings });
    });
  }
  const shared = [...warnings];
  return {
    results: states.map((state) => ({
      tokens: state.tokens,
      forwardPasses: state.forwardPasses,
      steps: state.steps,
      warnings: shared,
    })),
    forwardPasses,
  };
}

/** Argmax and the low_confidence / margin / random scores need the two best non-mask tokens, nothing more. */
function needsOnlyBestTokens(settings: DiffusionSettings, guidance: ConditioningRange | undefined): boolean {
  return settings.temperature === 0 && settings.remasking !== "entropy" && guidance === undefined;
}

function createState(options: {
  readonly sequence: number[];
  readonly random: Random;
  readonly maskTokenId: number;
  readonly settings: DiffusionSettings;
}): SequenceState {
  const masked: number[] = [];
  options.sequence.forEach((token, position) => {
    if (token === options.maskTokenId) masked.push(position);
  });
  const blockLength = options.settings.blockLength ?? Math.max(1, masked.length);
  const blocks: number[][] = [];
  for (let start = 0; start < masked.length; start += blockLength)
    blocks.push(masked.slice(start, start + blockLength));
  const stepsPerBlock =
    blocks.length === 0
      ? []
      : splitEvenly({ total: options.settings.steps, parts: blocks.length }).map((steps) => Math.max(1, steps));
  return {
    tokens: options.sequence,
    random: options.random,
    blocks,
    stepsPerBlock,
    block: 0,
    stepInBlock: 0,
    forwardPasses: 0,
    steps: [],
  };
}

/** Moves past blocks with nothing left to fill; false when the sequence is done. */
function advanceToMaskedBlock(state: SequenceState, maskTokenId: number): boolean {
  while (state.block < state.blocks.length) {
    if (maskedIn(state, maskTokenId).length > 0) return true;
    state.block += 1;
    state.stepInBlock = 0;
  }
  return false;
}

function maskedIn(state: SequenceState, maskTokenId: number): number[] {
  return (state.blocks[state.block] ?? []).filter((position) => state.tokens[position] === maskTokenId);
}

function maskRange(tokens: readonly number[], range: ConditioningRange, maskTokenId: number): number[] {
  return tokens.map((token, position) => (position >= range.start && position < range.end ? maskTokenId : token));
}

function checkedDistributions(
  distributions: readonly PositionDistribution[] | undefined,
  expected: number,
  modelId: string,
): readonly PositionDistribution[] {
  if (distributions === undefined || distributions.length !== expected)
    throw new DlmpoError({
      code: "provider-error",
      message: `Mask predictor ${modelId} returned ${distributions?.length ?? 0} distributions for ${expected} positions.`,
    });
  return distributions;
}

function commitStep(options: {
  readonly state: SequenceState;
  readonly positions: readonly number[];
  readonly choices: readonly PositionChoice[];
  readonly settings: DiffusionSettings;
}): void {
  const { state, positions, choices, settings } = options;
  const stepsLeft = (state.stepsPerBlock[state.block] ?? 1) - state.stepInBlock;
  const scheduled = commitCount({ remaining: positions.length, stepsLeft });
  const threshold = settings.threshold;
  const confident = threshold === undefined ? 0 : choices.filter((choice) => choice.confidence >= threshold).length;
  // Ties go to the leftmost position so the order never depends on sort stability.
  const ranked = positions
    .map((position, index) => ({ position, choice: choices[index] ?? { tokenId: 0, confidence: 0 } }))
    .sort((a, b) => b.choice.confidence - a.choice.confidence || a.position - b.position);
  const committed = ranked.slice(0, Math.max(scheduled, confident, 1)).map(({ position, choice }) => {
    state.tokens[position] = choice.tokenId;
    return { position, tokenId: choice.tokenId, confidence: choice.confidence };
  });
  state.steps.push({ block: state.block, committed });
  state.stepInBlock += 1;
  state.forwardPasses += 1;
}
