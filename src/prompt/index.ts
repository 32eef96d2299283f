export { type DiffOperation, diffPrompts } from "./diff-prompts.js";
export { defaultSlotRange, estimateSlots, type SlotRange } from "./estimate-slots.js";
export { fillPrompt } from "./fill-prompt.js";
export {
  findProtectedRegions,
  type ProtectedRegion,
  type ProtectedRegionKind,
  touchesRegion,
} from "./find-protected-regions.js";
export { type MaskedPrompt, type MaskedPromptPart, maskPrompt, renderMaskedPrompt } from "./mask-prompt.js";
export { type MaskSpec, parseMaskSpec } from "./parse-mask-spec.js";
export { normalizePrompt, promptHash } from "./prompt-hash.js";
export { resolveMaskSpecs } from "./resolve-mask-specs.js";
export { type PromptSegment, type PromptStructure, splitPrompt } from "./split-prompt.js";
export { stripKeepTags } from "./strip-keep-tags.js";
export { type CandidateValidation, validateCandidate } from "./validate-candidate.js";
