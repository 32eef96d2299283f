import type { LanguageModelV3 } from "@ai-sdk/provider";
import { InvalidInputError } from "../errors/invalid-input-error.js";
import type { Proposer } from "../spec/proposer.js";
import type { BaselineMethod } from "./baseline-methods.js";
import { builtinPhrases } from "./builtin-phrases.js";
import { createApeProposer } from "./create-ape-proposer.js";
import { createArInfillProposer } from "./create-ar-infill-proposer.js";
import { createGepaProposer } from "./create-gepa-proposer.js";
import { createNoneProposer } from "./create-none-proposer.js";
import { createOproProposer } from "./create-opro-proposer.js";
import { createRandomEditProposer } from "./create-random-edit-proposer.js";
import { corpusPathOf, loadCorpusPhrases } from "./load-corpus-phrases.js";

/** Options of {@link createBaselineProposer}. */
export interface BaselineProposerOptions {
  readonly method: BaselineMethod;
  /** The chat model of `ar-infill`, `ape`, `opro` and `gepa` (ideally wrapped by `resolveModel`). */
  readonly model?: LanguageModelV3 | undefined;
  /** Phrases of `random-edit`; default: the sentences of `<dataDir>/corpus/system-prompts.jsonl`, else built-in phrases. */
  readonly corpus?: readonly string[] | undefined;
  /** Data directory holding `corpus/system-prompts.jsonl`, read when `corpus` is not given. */
  readonly dataDir?: string | undefined;
  /** Sampling temperature of the chat model, in [0, 2]. Default 1. */
  readonly temperature?: number | undefined;
}

function requireModel(options: BaselineProposerOptions): LanguageModelV3 {
  if (options.model !== undefined) return options.model;
  throw new InvalidInputError({
    message: `The ${options.method} baseline needs a chat model. Pass one (e.g. --proposer-model openai:gpt-4o-mini).`,
    location: { field: "model" },
  });
}

/**
 * Creates the proposer of a baseline, to run in the same optimisation loop, with the same budget and seed, as the
 * DLM method. Pair it with the method's `parentSelection` from `baselineMethods`.
 *
 * @throws InvalidInputError when a model-based method has no `model`, or the corpus is empty or malformed;
 * DlmpoError `not-found` when `dataDir` has no corpus file.
 */
export function createBaselineProposer(options: BaselineProposerOptions): Proposer {
  const temperature = options.temperature;
  switch (options.method) {
    case "none":
      return createNoneProposer();
    case "random-edit": {
      const phrases =
        options.corpus ??
        (options.dataDir === undefined
          ? builtinPhrases
          : loadCorpusPhrases({ path: corpusPathOf({ dataDir: options.dataDir }) }));
      return createRandomEditProposer({ phrases });
    }
    case "ar-infill":
      return createArInfillProposer({ model: requireModel(options), temperature });
    case "ape":
      return createApeProposer({ model: requireModel(options), temperature });
    case "opro":
      return createOproProposer({ model: requireModel(options), temperature });
    case "gepa":
      return createGepaProposer({ model: requireModel(options), temperature });
    default: {
      const unreachable: never = options.method;
      throw new InvalidInputError({
        message: `Unknown baseline ${String(unreachable)}.`,
        location: { field: "method" },
      });
    }
  }
}
