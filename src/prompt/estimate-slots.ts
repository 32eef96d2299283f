/** Bounds on the mask slots of a span (see {@link estimateSlots}). */
export interface SlotRange {
  /** Fewest slots of a span that replaces text (≥ 1). Default 4. */
  readonly min: number;
  /** Most slots of any span (≥ `min`). Default 64. */
  readonly max: number;
  /** Slots of an insertion, which replaces nothing (clamped to [`min`, `max`]). Default 12. */
  readonly insert: number;
}

/** The default slot range: 4 to 64 slots, 12 for an insertion. */
export const defaultSlotRange: SlotRange = { min: 4, max: 64, insert: 12 };

/** Characters per token assumed when a span's text is measured without a tokenizer (English, BPE vocabularies). */
const charactersPerToken = 4;

/**
 * Mask slots for a span replacing `text`: its estimated tokens (≈ 4 characters each) × 1.5, so a rewrite may grow a
 * little, clamped to [`range.min`, `range.max`]; a deletion gets exactly its estimated tokens (it may shrink to nothing,
 * never grow), an insertion `range.insert`. Default range {@link defaultSlotRange}.
 */
export function estimateSlots(options: {
  readonly text: string;
  readonly strategy: string;
  readonly range?: SlotRange | undefined;
}): number {
  const range = options.range ?? defaultSlotRange;
  const clamp = (slots: number): number => Math.min(range.max, Math.max(range.min, slots));
  if (options.strategy === "insert") return clamp(range.insert);
  const tokens = Math.ceil(options.text.length / charactersPerToken);
  return clamp(options.strategy === "delete" ? tokens : Math.ceil(tokens * 1.5));
}
