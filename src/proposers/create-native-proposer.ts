import { denoiseBatch } from "../diffusion/denoise-batch.js";
import { createSeededRandom } from "../internal/seeded-random.js";
import { fillPrompt } from "../prompt/fill-prompt.js";
import { maskPrompt } from "../prompt/mask-prompt.js";
import type { MaskPredictor } from "../spec/mask-predictor.js";
import type { DroppedCandidate, ProposedCandidate, Proposer } from "../spec/proposer.js";
import { biasTokenLogits } from "./bias-token-logits.js";
import { findDisfluency } from "./find-disfluency.js";

/** Span strategies whose fill stands for whole sentences, which the fluency gate asks to read as sentences. */
const wholeSentence = new Set(["sentence", "insert", "delete"]);

import { layoutNativeInfill } from "./layout-native-infill.js";

/** Options of {@link createNativeProposer}. */
export interface NativeProposerOptions {
  readonly predictor: MaskPredictor;
  /**
   * `plain` (`layoutPlainInfill`) or `chat` (conditioning in the user turn, masked prompt in the assistant turn; needs
   * `predictor.chatTemplate`). Default: `chat` when the predictor has a chat template, else `plain`.
   */
  readonly template?: "plain" | "chat" | undefined;
  /** Mask slots for every span, overriding each span's own `slots`. */
  readonly slotsPerSpan?: number | undefined;
  /** Token ids removed from a span's output besides the end and mask tokens (e.g. a padding token). */
  readonly dropTokenIds?: readonly number[] | undefined;
  /** Ask the predictor for top-k log-probabilities instead of full logits (less to move from a remote predictor). */
  readonly topK?: number | undefined;
  /**
   * Added to the end token's logit (nats) at every masked slot; default the predictor's `recommended.endTokenBias`,
   * else 0. Negative values make the sampler commit end tokens later and less often, so spans are rewritten rather than
   * deleted (see `biasTokenLogits`).
   */
  readonly endTokenBias?: number | undefined;
  /**
   * Drop candidates whose fills do not read as text (a word or a punctuation mark doubled, see `findDisfluency`) before
   * they cost an evaluation; each drop is counted in a warning and returned in `dropped` with its forward passes.
   * Default true.
   */
  readonly fluencyGate?: boolean | undefined;
}

/**
 * The native proposer: lays out conditioning and masked prompt (`layoutNativeInfill`), then samples all K candidates
 * in one batched reverse diffusion (`denoiseBatch`; candidate k draws from `fork("sequence:k")` of the seed, so it does
 * not depend on K). Slots decoded to the end token are dropped, so a span can shrink, even to nothing.
 * `conditioningBudgetChars` is twice the context length (≈ half the context at 4 characters a token).
 *
 * @throws InvalidInputError for bad spans or settings; DlmpoError `context-length` when the masked prompt alone does
 *   not fit; `aborted`; `provider-error` from a remote predictor.
 */
export function createNativeProposer(options: NativeProposerOptions): Proposer {
  const endTokenBias = options.endTokenBias ?? options.predictor.recommended?.endTokenBias ?? 0;
  const predictor = biasTokenLogits({
    predictor: options.predictor,
    biases: new Map(endTokenBias ? [[options.predictor.endTokenId, endTokenBias]] : []),
  });
  const useChat = (options.template ?? (predictor.chatTemplate === undefined ? "plain" : "chat")) === "chat";
  const droppedTokenIds = new Set([predictor.endTokenId, predictor.maskTokenId, ...(options.dropTokenIds ?? [])]);
  return {
    specificationVersion: "v1",
    id: `native:${predictor.modelId}${endTokenBias ? ` endTokenBias=${endTokenBias}` : ""}`,
    conditioningBudgetChars: predictor.contextLength * 2,
    async propose(propose) {
      const maskedPrompt = maskPrompt({ prompt: propose.prompt, maskedSpans: propose.maskedSpans });
      const warnings: string[] = [];
      if (useChat && predictor.chatTemplate === undefined) {
        warnings.push(`${predictor.modelId} has no chat template; the plain layout was used.`);
      }
      const layout = layoutNativeInfill({
        maskedPrompt,
        conditioning: propose.conditioning,
        tokenizer: predictor.tokenizer,
        maskTokenId: predictor.maskTokenId,
        contextLength: predictor.contextLength,
        modelId: predictor.modelId,
        chatTemplate: useChat ? predictor.chatTemplate : undefined,
        slotsPerSpan: options.slotsPerSpan,
      });
      warnings.push(...layout.warnings);
      if (propose.count > 1 && propose.diffusion.temperature === 0 && propose.diffusion.remasking !== "random") {
        warnings.push("temperature 0 with deterministic remasking gives identical candidates; raise the temperature.");
      }
      if (propose.count <= 0) return { candidates: [], warnings };
      const { results } = await denoiseBatch({
        predictor,
        sequences: Array.from({ length: propose.count }, () => layout.tokens),
        settings: propose.diffusion,
        random: createSeededRandom(propose.seed),
        conditioningRange: layout.conditioningRange,
        topK: options.topK,
        abortSignal: propose.abortSignal,
      });
      const proposed = results.map((result): ProposedCandidate => {
        for (const warning of result.warnings) if (!warnings.includes(warning)) warnings.push(warning);
        const fills = layout.slotPositions.map((positions) => {
          const ids = positions.map((position) => result.tokens[position] ?? predictor.endTokenId);
          const kept = ids.filter((id) => !droppedTokenIds.has(id));
          // A span whose slots all decoded to the end token is deleted; some tokenizers refuse to decode nothing.
          return kept.length === 0 ? "" : predictor.tokenizer.decode(kept).trim();
        });
        const prompt = fillPrompt({ prompt: propose.prompt, maskedSpans: propose.maskedSpans, fills });
        return { prompt, fills, maskedSpans: propose.maskedSpans, cost: { forwardPasses: result.forwardPasses } };
      });
      if (options.fluencyGate === false) return { candidates: proposed, warnings };
      const candidates: ProposedCandidate[] = [];
      const dropped: DroppedCandidate[] = [];
      const capitalised = /^\P{L}*\p{Lu}/u.test(propose.prompt);
      for (const candidate of proposed) {
        const problem = candidate.fills
          .map((fill, index) =>
            findDisfluency(fill, {
              wholeSentence: capitalised && wholeSentence.has(candidate.maskedSpans[index]?.strategy ?? ""),
            }),
          )
          .find((found) => found !== undefined);
        if (problem === undefined) candidates.push(candidate);
        else dropped.push({ reason: problem, cost: candidate.cost });
      }
      // Dropping is the gate's ordinary work, not a warning: the reasons and the dropped samples' forward passes (spent
      // all the same) travel with the result, to be counted and shown (the run's candidates-dropped events).
      return dropped.length === 0 ? { candidates, warnings } : { candidates, warnings, dropped };
    },
  };
}
