import type { GapStyle } from "./gap-style.js";

/** A diffusion LM behind an OpenAI-compatible chat endpoint that dlmpo knows how to talk to. */
export interface ChatDlmPreset {
  /** The `--dlm` prefix: `mercury:<model>`, `sglang:<baseURL>#<model>`, `nemo:<baseURL>#<model>`. */
  readonly name: "mercury" | "sglang" | "nemo";
  readonly description: string;
  /** Base URL when the service has one fixed address (the spec then names only the model). */
  readonly baseURL?: string | undefined;
  /** Environment variable holding the API key, when the service needs one. */
  readonly apiKeyEnv?: string | undefined;
  /** Diffusion body fields (`toDiffusionProviderOptions` names) the server reads per request; others are not sent. */
  readonly diffusionFields: readonly string[];
  /** Gap style used unless `--gap-style` says otherwise. */
  readonly gapStyle: GapStyle;
  /** The model's mask token, for `--gap-style mask-token`. */
  readonly maskToken?: string | undefined;
}

/**
 * The chat DLM presets. Inception Mercury: OpenAI-compatible chat at api.inceptionlabs.ai with no per-request diffusion
 * settings (its fill-in-the-middle endpoint is `fim:https://api.inceptionlabs.ai/v1#mercury-coder`). SGLang serving a
 * LLaDA-2-class model: the diffusion algorithm, block size and threshold are fixed at launch
 * (`--dllm-algorithm`, `--dllm-algorithm-config`), so no per-request field. NeMo-RL's LLaDA/Nemotron OpenAI server:
 * `steps`, `block_length`, `cfg_scale`, `remasking` and `threshold` in the body (its sampling temperature is the chat
 * `temperature`, so `diffusion_temperature` is not sent).
 */
export const chatDlmPresets: readonly ChatDlmPreset[] = [
  {
    name: "mercury",
    description: "Inception Mercury (chat)",
    baseURL: "https://api.inceptionlabs.ai/v1",
    apiKeyEnv: "INCEPTION_API_KEY",
    diffusionFields: [],
    gapStyle: "numbered",
  },
  {
    name: "sglang",
    description: "SGLang serving a LLaDA-2-class model",
    diffusionFields: [],
    gapStyle: "numbered",
    maskToken: "<|mask|>",
  },
  {
    name: "nemo",
    description: "NeMo-RL LLaDA/Nemotron OpenAI-compatible server",
    diffusionFields: ["steps", "block_length", "cfg_scale", "remasking", "threshold"],
    gapStyle: "numbered",
    maskToken: "<|mdm_mask|>",
  },
];

const diffusionModelPattern = /llada|dream|mercury|diffu|mdlm|sedd|plaid|dimple|d1-|nemotron-diffusion/i;

/** True when a chat model id names a known diffusion LM (LLaDA, Dream, Mercury, …). */
export function isKnownDiffusionModel(modelId: string): boolean {
  return diffusionModelPattern.test(modelId);
}
