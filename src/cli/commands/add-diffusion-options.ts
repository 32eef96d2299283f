import type { Command } from "commander";
import { parseNumberFlag } from "./collect-flags.js";

/**
 * Adds the diffusion flags of `optimize`, `bench steps` and `bench compare` (validated with the options schema,
 * `diffusionOptionsShape`, so a config file takes the same settings): `--steps` unless the command has its own.
 */
export function addDiffusionOptions(command: Command, options: { readonly withSteps: boolean }): Command {
  if (options.withSteps) command.option("--steps <n>", "reverse diffusion steps (default 32)", parseNumberFlag);
  return command
    .option("--block-length <n>", "semi-autoregressive block length in tokens (default: one block)", parseNumberFlag)
    .option("--remasking <rule>", "low_confidence (default), random, margin or entropy")
    .option("--dlm-temperature <t>", "DLM sampling temperature, 0 = argmax (default 0.7)", parseNumberFlag)
    .option("--cfg-scale <s>", "classifier-free guidance scale, 0 = off (default 0)", parseNumberFlag)
    .option("--threshold <x>", "parallel decoding: commit every slot at least this confident (0-1]", parseNumberFlag)
    .option("--end-bias <nats>", "added to the end token's logit, < 0 deletes less (native DLMs)", parseNumberFlag)
    .option("--top-k <n>", "log-probabilities asked per slot (native DLMs; remote default 64)", parseNumberFlag)
    .option("--slots <n>", "mask slots of every span (overrides the slot range)", parseNumberFlag)
    .option(
      "--min-slots <n>",
      "fewest slots of a span; slots follow the replaced text's length (default 4)",
      parseNumberFlag,
    )
    .option("--max-slots <n>", "most slots of a span (default 64)", parseNumberFlag)
    .option("--insert-slots <n>", "slots of an inserted span (default 12)", parseNumberFlag)
    .option("--mask-ratio <x>", "share of words the random span strategy masks (default 0.15)", parseNumberFlag);
}
