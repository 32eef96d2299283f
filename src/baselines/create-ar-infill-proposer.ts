import { type ChatInfillProposerOptions, createChatInfillProposer } from "../proposers/create-chat-infill-proposer.js";
import type { Proposer } from "../spec/proposer.js";

/**
 * The `ar-infill` baseline: the chat-infill proposer driven by an autoregressive chat model, filling the same masked
 * spans the DLM would fill. Diffusion settings are not sent (an AR model has none) unless `diffusionOptionsKey` says
 * otherwise. Its id is `ar-infill:<provider>:<model>`, so runs and caches keep it apart from DLM chat-infill.
 */
export function createArInfillProposer(options: ChatInfillProposerOptions): Proposer {
  const inner = createChatInfillProposer({ diffusionOptionsKey: false, ...options });
  return { ...inner, id: `ar-infill:${options.model.provider}:${options.model.modelId}` };
}
