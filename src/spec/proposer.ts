import type { Runtime } from "./runtime.js";

/** Settings of the reverse diffusion process (see DESIGN.md, "The diffusion engine"). */
export interface DiffusionSettings {
  /** Reverse steps (≥ 1). */
  readonly steps: number;
  /** Semi-autoregressive block length in tokens; undefined = one block. */
  readonly blockLength?: number | undefined;
  readonly remasking: "low_confidence" | "random" | "margin" | "entropy";
  /** 0 = argmax; > 0 = Gumbel-max sampling at this temperature. */
  readonly temperature: number;
  /** Classifier-free guidance scale; 0 = off. */
  readonly cfgScale: number;
  /** Parallel decoding: commit every masked position whose confidence ≥ threshold (at least one per step). */
  readonly threshold?: number | undefined;
}

/** A span of the prompt, by character offsets into the original prompt text, replaced by `slots` mask tokens. */
export interface MaskedSpan {
  readonly start: number;
  readonly end: number;
  /** Number of mask slots the proposer may fill (may exceed the original length to let the span grow). */
  readonly slots: number;
  /** Which strategy chose it (`random`, `sentence`, `insert`, `delete`, `attributed`, or a CLI mask spec). */
  readonly strategy: string;
}

export interface ProposeOptions {
  readonly prompt: string;
  readonly maskedSpans: readonly MaskedSpan[];
  /** Conditioning text built from traces (already cut to budget). */
  readonly conditioning: string;
  readonly count: number;
  readonly seed: number;
  readonly diffusion: DiffusionSettings;
  readonly runtime: Runtime;
  /** Prompts scored so far in the run, for history-based proposers (the OPRO baseline); others ignore it. */
  readonly history?: readonly ScoredPrompt[] | undefined;
  readonly abortSignal?: AbortSignal | undefined;
}

/** A prompt the run has scored, with its mean score on the split that chooses (dev when known, else train). */
export interface ScoredPrompt {
  readonly prompt: string;
  /** In [0, 1]. */
  readonly score: number;
}

export interface ProposedCandidate {
  /** The full prompt with every span filled. */
  readonly prompt: string;
  /** The text put in each span, same order as `maskedSpans`. */
  readonly fills: readonly string[];
  readonly maskedSpans: readonly MaskedSpan[];
  /** Forward passes or calls spent on this candidate. */
  readonly cost: { readonly forwardPasses?: number; readonly calls?: number };
}

/** A sample the proposer drew and then dropped (the native fluency gate, an answer that could not be parsed). */
export interface DroppedCandidate {
  /** Why, in a few words (e.g. `repeats "the"`). */
  readonly reason: string;
  /** The work the sample took, counted like a returned candidate's. */
  readonly cost: ProposedCandidate["cost"];
}

export interface ProposeResult {
  readonly candidates: readonly ProposedCandidate[];
  readonly warnings: readonly string[];
  /** Samples drawn and dropped before they were returned, with what each cost; absent = none. */
  readonly dropped?: readonly DroppedCandidate[] | undefined;
  /** Model requests this call made, dropped candidates' included (cached answers count too); absent = 1. */
  readonly requests?: number | undefined;
}

/** Fills masked spans of a prompt. Implementations: native (diffusion sampler), chat-infill, fim, baselines. */
export interface Proposer {
  readonly specificationVersion: "v1";
  /** e.g. `native:builtin`, `chat:openai:gpt-4o-mini`. */
  readonly id: string;
  /** Characters of conditioning the proposer can take. */
  readonly conditioningBudgetChars: number;
  /**
   * Most model requests one `propose` call may make for `count` candidates over `spans` masked spans (e.g. 2 per
   * candidate for a corrective retry); absent = 1 (one local sampler run). The DLM request budget reserves this much
   * before a call starts, so the call never overruns it.
   */
  maxRequests?(options: { readonly count: number; readonly spans: number }): number;
  propose(options: ProposeOptions): Promise<ProposeResult>;
}
