export {
  type BaselineDescriptor,
  type BaselineMethod,
  baselineMethods,
  isBaselineMethod,
} from "./baseline-methods.js";
export { builtinPhrases } from "./builtin-phrases.js";
export { type ApeProposerOptions, createApeProposer } from "./create-ape-proposer.js";
export { createArInfillProposer } from "./create-ar-infill-proposer.js";
export { type BaselineProposerOptions, createBaselineProposer } from "./create-baseline-proposer.js";
export { createGepaProposer, type GepaProposerOptions } from "./create-gepa-proposer.js";
export { createNoneProposer } from "./create-none-proposer.js";
export { createOproProposer, type OproProposerOptions } from "./create-opro-proposer.js";
export { createRandomEditProposer, type RandomEditProposerOptions } from "./create-random-edit-proposer.js";
export { corpusPathOf, loadCorpusPhrases } from "./load-corpus-phrases.js";
