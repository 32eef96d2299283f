import { resolve } from "node:path";
import { createBuiltinMaskPredictor } from "../diffusion/builtin-mask-predictor.js";
import { builtinProposerModelDirectory } from "../diffusion/builtin-model-directory.js";
import { createOnnxMaskPredictor } from "../diffusion/create-onnx-mask-predictor.js";
import { createRemoteMaskPredictor } from "../diffusion/create-remote-mask-predictor.js";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { AdaptiveLimiter } from "../models/adaptive-limiter.js";
import type { ModelPrice } from "../models/price-table.js";
import { resolveFimModel } from "../models/resolve-fim-model.js";
import { type ModelCallSettings, resolveModel } from "../models/resolve-model.js";
import type { UsageMeter } from "../models/usage-meter.js";
import { type ChatDlmPreset, chatDlmPresets, isKnownDiffusionModel } from "../proposers/chat-dlm-presets.js";
import { createChatInfillProposer } from "../proposers/create-chat-infill-proposer.js";
import { createFimProposer } from "../proposers/create-fim-proposer.js";
import { createNativeProposer } from "../proposers/create-native-proposer.js";
import type { GapStyle } from "../proposers/gap-style.js";
import type { CallCache } from "../spec/call-cache.js";
import type { MaskPredictor } from "../spec/mask-predictor.js";
import type { Proposer } from "../spec/proposer.js";
import type { Runtime } from "../spec/runtime.js";

/**
 * Top-k log-probabilities asked of a remote predictor whose vocabulary is larger than {@link remoteFullLogitsVocabulary}:
 * far less to transfer than full logits. Exact for argmax decoding; a sample at temperature > 0 cannot pick a token
 * outside the list (docs/remote-logits.md).
 */
const remoteTopK = 64;

/**
 * Up to this vocabulary size a remote predictor is asked for full logits, so it samples exactly the fills the same model
 * samples in process at any temperature (a few tens of kilobytes of JSON per position).
 */
const remoteFullLogitsVocabulary = 8192;

/** A proposer made from a `--dlm` spec, with what must be released when done. */
export interface ResolvedProposer {
  readonly proposer: Proposer;
  /** The predictor behind a native proposer (for its tokenizer), when there is one. */
  readonly predictor?: MaskPredictor | undefined;
  /** The usage meter of a `chat:` model (the shared `meter` when one was given), so its tokens and cost count. */
  readonly meter?: UsageMeter | undefined;
  /** The meter identity of a `chat:` or `fim:` model (`openai:gpt-4o-mini`, `fim:mercury-coder`), for prices. */
  readonly modelId?: string | undefined;
  /** Notes for the user, printed once (e.g. that a chat model not known to be a diffusion LM is the AR-infill baseline). */
  readonly warnings: readonly string[];
  /** Frees native sessions; safe to call once. */
  close(): Promise<void>;
}

/**
 * Turns a `--dlm` spec into a proposer:
 * `builtin` (the proposer model shipped in `models/builtin-dlm/`, trained to fill spans of system prompts; the built-in
 * target keeps `models/builtin/`), `onnx:<dir>` (a local model directory, relative to `cwd`),
 * `remote:<url>` (a logits server; bearer token from `DLMPO_LOGITS_TOKEN`), `chat:<provider:model>` (any model
 * `resolveModel` knows, asked to fill gaps in `gapStyle`; a model not known to be a diffusion LM gets a warning that this
 * is the AR-infill baseline), the chat DLM presets `mercury:<model>` (key `INCEPTION_API_KEY`),
 * `sglang:<baseURL>#<model>` and `nemo:<baseURL>#<model>` (see `chatDlmPresets`), `fim:<baseURL>#<model>` (a fill-in-the-middle endpoint; API key
 * from `DLMPO_FIM_API_KEY`, else `INCEPTION_API_KEY`).
 *
 * @throws InvalidInputError (field `--dlm`) for an unknown or malformed spec or a bad model directory; DlmpoError
 *   `not-found` when the built-in model is missing, `provider-error` when a remote server cannot be used,
 *   `missing-api-key` / `unknown-provider` from `resolveModel`.
 */
export async function resolveProposer(options: {
  readonly spec: string;
  readonly runtime: Runtime;
  readonly cwd: string;
  /** Call cache for `chat:` models. */
  readonly cache?: CallCache | undefined;
  /** Cache mode, retries and timeout of `chat:` models (the run's, so `--refresh-cache` reaches the DLM too). */
  readonly callSettings?: ModelCallSettings | undefined;
  /** A meter shared with the run's other models, so a `chat:` DLM's tokens and cost count against the budgets. */
  readonly meter?: UsageMeter | undefined;
  /** API keys by provider for `chat:` models (override the environment). */
  readonly apiKeys?: Readonly<Record<string, string>> | undefined;
  /** Prices (USD per million tokens) for a `chat:` model's new meter; unused with a shared `meter`. */
  readonly prices?: Readonly<Record<string, ModelPrice>> | undefined;
  readonly slotsPerSpan?: number | undefined;
  /** How a chat DLM sees gaps (`chat:` and the presets); default the preset's, else `numbered`. */
  readonly gapStyle?: GapStyle | undefined;
  /** The mask token of `--gap-style mask-token`; default the preset's, else `<|mdm_mask|>`. */
  readonly maskToken?: string | undefined;
  /**
   * End-token logit bias of a native proposer (nats); default what the model recommends (`recommended.endTokenBias` of
   * its config.json or its server's `GET /v1/model`; the built-in model's is −1), else 0.
   */
  readonly endTokenBias?: number | undefined;
  /** Drop a native proposer's candidates whose fills do not read as text (`findDisfluency`); default true. */
  readonly fluencyGate?: boolean | undefined;
  /** Top-k log-probabilities a native proposer asks per slot; default full logits (`remote:` 64). */
  readonly topK?: number | undefined;
  /** The limiter a `chat:` model shares with other users of the same spec; a new one otherwise. */
  readonly limiterFor?: ((spec: string) => AdaptiveLimiter) | undefined;
  readonly abortSignal?: AbortSignal | undefined;
}): Promise<ResolvedProposer> {
  const spec = options.spec.trim();
  const colon = spec.indexOf(":");
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const rest = colon < 0 ? "" : spec.slice(colon + 1).trim();
  const invalid = (why: string): InvalidInputError =>
    new InvalidInputError({
      message: `${JSON.stringify(options.spec)} ${why}. Use builtin, onnx:<dir>, remote:<url>, chat:<provider:model>, mercury:<model>, sglang:<baseURL>#<model>, nemo:<baseURL>#<model> or fim:<baseURL>#<model>.`,
      location: { field: "--dlm" },
    });
  const native = (predictor: MaskPredictor, extra: { topK?: number; padTokenId?: number }): ResolvedProposer => ({
    proposer: createNativeProposer({
      predictor,
      slotsPerSpan: options.slotsPerSpan,
      endTokenBias: options.endTokenBias,
      fluencyGate: options.fluencyGate,
      topK: options.topK ?? extra.topK,
      dropTokenIds: extra.padTokenId === undefined ? [] : [extra.padTokenId],
    }),
    predictor,
    warnings: [],
    close: async () => {
      await predictor.close?.();
    },
  });
  const chat = (spec: string, preset: ChatDlmPreset | undefined): ResolvedProposer => {
    const presetKey = preset?.apiKeyEnv === undefined ? undefined : options.runtime.env[preset.apiKeyEnv];
    const { model, meter, modelId } = resolveModel({
      ...options.callSettings,
      spec,
      runtime: options.runtime,
      cache: options.cache,
      meter: options.meter,
      apiKeys: presetKey === undefined ? options.apiKeys : { ...options.apiKeys, "openai-compatible": presetKey },
      prices: options.prices,
      limiter: options.limiterFor?.(spec),
    });
    const isDiffusion = preset !== undefined || isKnownDiffusionModel(model.modelId);
    const warnings = isDiffusion
      ? []
      : [
          `${model.modelId} is not known to be a diffusion LM, so proposing with it (--method dlm --dlm chat:…) is the AR-infill baseline, the same request as --method ar-infill. For masked denoising use builtin, onnx:<dir>, remote:<url> (e.g. servers/python serving LLaDA or Dream), mercury:<model>, sglang:<baseURL>#<model>, nemo:<baseURL>#<model> or fim:<baseURL>#<model>.`,
        ];
    const proposer = createChatInfillProposer({
      model,
      gapStyle: options.gapStyle ?? preset?.gapStyle,
      maskToken: options.maskToken ?? preset?.maskToken,
      diffusionFields: preset?.diffusionFields,
    });
    return { proposer, meter, modelId, warnings, close: async () => {} };
  };
  switch (kind) {
    case "builtin": {
      if (rest !== "") throw invalid("takes no argument");
      const predictor = await createBuiltinMaskPredictor({ directory: builtinProposerModelDirectory() });
      return native(predictor, { padTokenId: predictor.config.padTokenId });
    }
    case "onnx": {
      if (rest === "") throw invalid("needs a model directory after onnx:");
      const predictor = await createOnnxMaskPredictor({ directory: resolve(options.cwd, rest) });
      return native(predictor, { padTokenId: predictor.config.padTokenId });
    }
    case "remote": {
      if (!isHttpUrl(rest)) throw invalid("needs an http(s) URL after remote:");
      const token = options.runtime.env.DLMPO_LOGITS_TOKEN;
      const predictor = await createRemoteMaskPredictor({
        url: rest,
        bearerToken: token === undefined || token === "" ? undefined : token,
        abortSignal: options.abortSignal,
      });
      return native(predictor, predictor.vocabSize > remoteFullLogitsVocabulary ? { topK: remoteTopK } : {});
    }
    case "chat": {
      if (rest === "") throw invalid("needs a model after chat:, e.g. chat:openai:gpt-4o-mini");
      return chat(rest, undefined);
    }
    case "mercury":
    case "sglang":
    case "nemo": {
      const preset = chatDlmPresets.find((candidate) => candidate.name === kind);
      const hash = rest.lastIndexOf("#");
      const baseURL = preset?.baseURL ?? (hash < 0 ? "" : rest.slice(0, hash));
      const model = preset?.baseURL === undefined ? (hash < 0 ? "" : rest.slice(hash + 1)) : rest;
      if (!isHttpUrl(baseURL) || model === "")
        throw invalid(
          kind === "mercury" ? "needs mercury:<model>, e.g. mercury:mercury" : `needs ${kind}:<baseURL>#<model>`,
        );
      return chat(`openai-compatible:${baseURL}#${model}`, preset);
    }
    case "fim": {
      const hash = rest.lastIndexOf("#");
      const baseURL = hash < 0 ? "" : rest.slice(0, hash);
      const model = hash < 0 ? "" : rest.slice(hash + 1);
      if (!isHttpUrl(baseURL) || model === "")
        throw invalid("needs fim:<baseURL>#<model>, e.g. fim:https://api.inceptionlabs.ai/v1#mercury-coder");
      const apiKey = options.runtime.env.DLMPO_FIM_API_KEY ?? options.runtime.env.INCEPTION_API_KEY;
      const resolved = resolveFimModel({
        ...options.callSettings,
        baseURL,
        modelId: model,
        apiKey: apiKey === "" ? undefined : apiKey,
        runtime: options.runtime,
        cache: options.cache,
        meter: options.meter,
        prices: options.prices,
      });
      const { meter, modelId } = resolved;
      return {
        proposer: createFimProposer({ model: resolved.model }),
        meter,
        modelId,
        warnings: [],
        close: async () => {},
      };
    }
    default:
      throw invalid("is not a known DLM");
  }
}

function isHttpUrl(text: string): boolean {
  return URL.canParse(text) && /^https?:$/.test(new URL(text).protocol);
}
