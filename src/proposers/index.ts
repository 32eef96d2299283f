export { biasTokenLogits } from "./bias-token-logits.js";
export {
  buildChatInfillRequest,
  type ChatInfillRequest,
  chatInfillSystemMessage,
  missingFillsMessage,
} from "./build-chat-infill-messages.js";
export { type ChatInfillProposerOptions, createChatInfillProposer } from "./create-chat-infill-proposer.js";
export { createFimProposer, type FimProposerOptions } from "./create-fim-proposer.js";
export { createNativeProposer, type NativeProposerOptions } from "./create-native-proposer.js";
export { chatInfillInstruction, layoutNativeInfill, type NativeInfillLayout } from "./layout-native-infill.js";
export { layoutPlainInfill, plainInfillFeedbackHeading, plainInfillPromptHeading } from "./layout-plain-infill.js";
export { type ParsedFills, parseFills } from "./parse-fills.js";
export { toDiffusionProviderOptions } from "./to-diffusion-provider-options.js";
