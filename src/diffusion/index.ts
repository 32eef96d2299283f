export { type BuiltinMaskPredictorOptions, createBuiltinMaskPredictor } from "./builtin-mask-predictor.js";
export { builtinModelDirectory, builtinProposerModelDirectory } from "./builtin-model-directory.js";
export {
  BUILTIN_TARGET_NAME,
  type BuiltinTargetModelOptions,
  createBuiltinTargetModel,
} from "./builtin-target-model.js";
export { combineGuidance } from "./combine-guidance.js";
export { commitCount } from "./commit-count.js";
export {
  createHuggingFaceTokenizer,
  type HuggingFaceTokenizer,
  isHuggingFaceTokenizer,
} from "./create-hugging-face-tokenizer.js";
export {
  createOnnxMaskPredictor,
  type OnnxMaskPredictor,
  type OnnxMaskPredictorOptions,
} from "./create-onnx-mask-predictor.js";
export {
  createRemoteMaskPredictor,
  type RemoteMaskPredictor,
  type RemoteMaskPredictorOptions,
} from "./create-remote-mask-predictor.js";
export { type DenoiseOptions, denoise } from "./denoise.js";
export {
  type ConditioningRange,
  type DenoiseBatchOptions,
  type DenoiseBatchResult,
  type DenoiseResult,
  denoiseBatch,
  type StepRecord,
} from "./denoise-batch.js";
export {
  type LogitsRequest,
  type LogitsResponse,
  logitsRequestSchema,
  logitsResponseSchema,
  type ModelInfo,
  modelInfoSchema,
} from "./logits-protocol.js";
export { mapPredictorDistributions } from "./map-predictor-distributions.js";
export { loadOnnxModelConfig, type OnnxModelConfig, onnxModelConfigSchema } from "./onnx-model-config.js";
export { type PositionChoice, scorePosition } from "./score-position.js";
export { type LogitsServer, type ServeLogitsOptions, serveLogits } from "./serve-logits.js";
export { toTopK } from "./to-top-k.js";
export { validateDiffusionSettings } from "./validate-diffusion-settings.js";
