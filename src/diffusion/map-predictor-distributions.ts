import type { MaskPredictor, PositionDistribution } from "../spec/mask-predictor.js";

/**
 * A predictor that answers like `predictor`, with every returned distribution passed through `map` (given the position
 * in the sequence it belongs to). For logit biases and bans; the wrapper does not advertise `prefersTopK`, so a sampler
 * asks it for whatever it would ask a plain predictor.
 */
export function mapPredictorDistributions(options: {
  readonly predictor: MaskPredictor;
  readonly map: (distribution: PositionDistribution, position: number) => PositionDistribution;
}): MaskPredictor {
  const { predictor, map } = options;
  return {
    specificationVersion: predictor.specificationVersion,
    modelId: predictor.modelId,
    maskTokenId: predictor.maskTokenId,
    endTokenId: predictor.endTokenId,
    vocabSize: predictor.vocabSize,
    contextLength: predictor.contextLength,
    tokenizer: predictor.tokenizer,
    chatTemplate: predictor.chatTemplate,
    recommended: predictor.recommended,
    async doPredict(predict) {
      const result = await predictor.doPredict(predict);
      const distributions = result.distributions.map((row, sequence) =>
        row.map((distribution, index) => map(distribution, predict.positions[sequence]?.[index] ?? -1)),
      );
      return { distributions, warnings: result.warnings };
    },
    ...(predictor.close === undefined ? {} : { close: () => predictor.close?.() ?? Promise.resolve() }),
  };
}
