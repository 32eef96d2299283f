import { DlmpoError } from "../errors/dlmpo-error.js";
import type { MaskedPrompt } from "../prompt/mask-prompt.js";
import type { ChatTemplate, Tokenizer } from "../spec/mask-predictor.js";
import { plainInfillFeedbackHeading, plainInfillPromptHeading } from "./layout-plain-infill.js";

/** Opening of the user turn for chat-template DLMs, before the conditioning. */
export const chatInfillInstruction =
  "Here is feedback from test runs of an AI assistant. Rewrite the masked parts of its system prompt to fix the failures.\n\n";

/** A token sequence ready for the sampler, and where its parts are. */
export interface NativeInfillLayout {
  readonly tokens: number[];
  /** Token range of the conditioning (masked for the unconditional pass of classifier-free guidance). */
  readonly conditioningRange: { readonly start: number; readonly end: number };
  /** Positions of each span's mask slots, indexed like `maskedPrompt.maskedSpans`. */
  readonly slotPositions: readonly (readonly number[])[];
  /** What was cut to fit the context, if anything. */
  readonly warnings: readonly string[];
}

/**
 * Lays out conditioning and masked prompt as tokens: the plain layout (`layoutPlainInfill`), or, with a chat template,
 * the conditioning in the user turn and the partially masked prompt in the assistant turn. Span i becomes
 * `slotsPerSpan ?? span.slots` mask tokens. When the whole does not fit `contextLength`, the conditioning is cut from
 * its end (it lists failures first) and a warning says by how much.
 *
 * @throws DlmpoError `context-length` when the masked prompt and layout alone exceed `contextLength` (says by how much).
 */
export function layoutNativeInfill(options: {
  readonly maskedPrompt: MaskedPrompt;
  readonly conditioning: string;
  readonly tokenizer: Tokenizer;
  readonly maskTokenId: number;
  readonly contextLength: number;
  readonly modelId: string;
  readonly chatTemplate?: ChatTemplate | undefined;
  readonly slotsPerSpan?: number | undefined;
}): NativeInfillLayout {
  const { tokenizer, chatTemplate, maskedPrompt } = options;
  const encode = (text: string): number[] => (text === "" ? [] : tokenizer.encode(text));
  const head = encode(
    chatTemplate === undefined ? plainInfillFeedbackHeading : `${chatTemplate.userPrefix}${chatInfillInstruction}`,
  );
  const between =
    chatTemplate === undefined ? plainInfillPromptHeading : `${chatTemplate.userSuffix}${chatTemplate.assistantPrefix}`;
  const tail = chatTemplate === undefined ? "" : chatTemplate.assistantSuffix;
  let body: number[] = [];
  const slotPositions: number[][] = maskedPrompt.maskedSpans.map(() => []);
  let pending = between;
  for (const part of maskedPrompt.parts) {
    if (part.kind === "text") {
      pending += part.text;
      continue;
    }
    // concat, not push(...tokens): spreading a long prompt's tokens as arguments overflows the stack.
    body = body.concat(encode(pending));
    pending = "";
    const slots = options.slotsPerSpan ?? part.slots;
    for (let slot = 0; slot < slots; slot += 1) {
      slotPositions[part.spanIndex]?.push(body.length);
      body.push(options.maskTokenId);
    }
  }
  body = body.concat(encode(pending + tail));
  const fixedLength = head.length + body.length;
  if (fixedLength > options.contextLength) {
    throw new DlmpoError({
      code: "context-length",
      message: `The masked prompt needs ${fixedLength} tokens with its layout, ${fixedLength - options.contextLength} more than the context length of ${options.modelId} (${options.contextLength}), before any conditioning. Use fewer mask slots, a shorter prompt or a model with a longer context.`,
    });
  }
  const conditioningTokens = encode(options.conditioning);
  const room = options.contextLength - fixedLength;
  const kept = conditioningTokens.slice(0, room);
  const warnings =
    kept.length < conditioningTokens.length
      ? [
          `Conditioning cut from ${conditioningTokens.length} to ${kept.length} tokens (the last ${conditioningTokens.length - kept.length} dropped) to fit the context length of ${options.modelId} (${options.contextLength}).`,
        ]
      : [];
  const offset = head.length + kept.length;
  return {
    tokens: [...head, ...kept, ...body],
    conditioningRange: { start: head.length, end: offset },
    slotPositions: slotPositions.map((positions) => positions.map((position) => position + offset)),
    warnings,
  };
}
