/** The baselines dlmpo compares its DLM method against (`dlmpo optimize --method …`). */
export type BaselineMethod = "none" | "random-edit" | "ar-infill" | "ape" | "opro" | "gepa";

/** What the optimizer needs to know about a baseline besides its proposer. */
export interface BaselineDescriptor {
  readonly method: BaselineMethod;
  readonly description: string;
  /** Whether `createBaselineProposer` needs a chat `model`. */
  readonly needsModel: boolean;
  /** Whether candidates rewrite the whole prompt (outside protected parts) rather than fill the masked spans. */
  readonly rewritesWholePrompt: boolean;
  /** Parent selection the method is defined with (the optimizer's `parentSelection`). */
  readonly parentSelection: "best" | "frontier";
}

/** Every baseline, in the order comparisons list them. */
export const baselineMethods: readonly BaselineDescriptor[] = [
  {
    method: "none",
    description: "No optimisation: the seed prompt, scored by the same harness.",
    needsModel: false,
    rewritesWholePrompt: false,
    parentSelection: "best",
  },
  {
    method: "random-edit",
    description: "Masked spans filled with random corpus phrases (seeded).",
    needsModel: false,
    rewritesWholePrompt: false,
    parentSelection: "best",
  },
  {
    method: "ar-infill",
    description: "An autoregressive chat model fills the same masked spans (chat-infill).",
    needsModel: true,
    rewritesWholePrompt: false,
    parentSelection: "best",
  },
  {
    method: "ape",
    description: "APE: instructions induced from input/output examples, plus resampled variants.",
    needsModel: true,
    rewritesWholePrompt: true,
    parentSelection: "best",
  },
  {
    method: "opro",
    description: "OPRO: a meta-prompt with the scored prompt history asks for a better prompt.",
    needsModel: true,
    rewritesWholePrompt: true,
    parentSelection: "best",
  },
  {
    method: "gepa",
    description: "GEPA: reflect on failures, then rewrite the prompt; Pareto-frontier parent selection.",
    needsModel: true,
    rewritesWholePrompt: true,
    parentSelection: "frontier",
  },
];

/** True when `value` names a baseline. */
export function isBaselineMethod(value: string): value is BaselineMethod {
  return baselineMethods.some((descriptor) => descriptor.method === value);
}
