import type { LanguageModelV3 } from "@ai-sdk/provider";

/**
 * A `LanguageModelV3` whose real model is created by `load` on first use (a call or `supportedUrls`), so a provider
 * package is imported only by a run that calls it. `provider` and `modelId` must be what the loaded model reports.
 */
export function createLazyModel(options: {
  readonly provider: string;
  readonly modelId: string;
  readonly load: () => Promise<LanguageModelV3>;
}): LanguageModelV3 {
  let loaded: Promise<LanguageModelV3> | undefined;
  const model = (): Promise<LanguageModelV3> => {
    loaded ??= options.load();
    return loaded;
  };
  return {
    specificationVersion: "v3",
    provider: options.provider,
    modelId: options.modelId,
    get supportedUrls() {
      return model().then((inner) => inner.supportedUrls);
    },
    doGenerate: async (call) => (await model()).doGenerate(call),
    doStream: async (call) => (await model()).doStream(call),
  };
}
