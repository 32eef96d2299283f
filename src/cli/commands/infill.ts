import { resolve } from "node:path";
import type { Command } from "commander";
import { diffusionSettingRanges } from "../../diffusion/diffusion-setting-ranges.js";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import { createSeededRandom } from "../../internal/seeded-random.js";
import { diffPrompts } from "../../prompt/diff-prompts.js";
import { type MaskSpec, parseMaskSpec } from "../../prompt/parse-mask-spec.js";
import { promptHash } from "../../prompt/prompt-hash.js";
import { resolveMaskSpecs } from "../../prompt/resolve-mask-specs.js";
import { validateCandidate } from "../../prompt/validate-candidate.js";
import type { Trace } from "../../spec/trace.js";
import { buildConditioning } from "../../traces/build-conditioning.js";
import type { CliContext } from "../cli-context.js";
import { readPromptFile } from "../config/read-prompt-file.js";
import { toModelCallSettings } from "../config/to-model-call-settings.js";
import { warn } from "../render/warn.js";
import { resolveProposer } from "../resolve-proposer.js";
import { parseNumberFlag } from "./collect-flags.js";
import { diffusionSettingsOf, gapStyleFlag, type InfillFlags, numberFlag } from "./infill-flags.js";
import { type InfillCandidateReport, renderInfillReport } from "./infill-render.js";
import { readInfillTraces } from "./infill-traces.js";

/** `dlmpo infill`: masks spans of a prompt and prints the DLM's candidates as diffs (or JSON). */
async function runInfill(flags: InfillFlags, context: CliContext): Promise<number> {
  if (flags.prompt === undefined) {
    throw new InvalidInputError({
      message: "is required: a file holding the system prompt.",
      location: { field: "--prompt" },
    });
  }
  if (flags.mask === undefined || flags.mask.length === 0) {
    throw new InvalidInputError({
      message: "is required: e.g. --mask sentence:2 or --mask random:0.2.",
      location: { field: "--mask" },
    });
  }
  const diffusion = diffusionSettingsOf(flags);
  const count = numberFlag({ value: flags.candidates, flag: "--candidates", min: 1, max: 64, isInteger: true });
  const seed = numberFlag({ value: flags.seed, flag: "--seed", min: 0, max: 2 ** 32 - 1, isInteger: true });
  const slots =
    flags.slots === undefined
      ? undefined
      : numberFlag({ value: flags.slots, flag: "--slots", ...diffusionSettingRanges.slots });
  const prompt = await readPromptFile({
    path: resolve(context.cwd, flags.prompt),
    cwd: context.cwd,
    onWarning: (message) => warn(context, message),
  });
  const specs: MaskSpec[] = flags.mask.map((text, index) => parseMaskSpec({ text, field: `--mask[${index}]` }));
  const random = createSeededRandom(seed);
  const maskedSpans = resolveMaskSpecs({
    prompt,
    specs,
    random: random.fork("masks"),
    ...(slots === undefined ? {} : { slotsFor: () => slots }),
  });
  const traces: Trace[] =
    flags.traces === undefined
      ? []
      : await readInfillTraces({ path: resolve(context.cwd, flags.traces), cwd: context.cwd });
  const resolved = await resolveProposer({
    spec: flags.dlm,
    runtime: context.runtime,
    cwd: context.cwd,
    // `infill` shows what the DLM writes, slips included; `optimize` drops those before they cost an evaluation.
    fluencyGate: false,
    endTokenBias:
      flags.endBias === undefined
        ? undefined
        : numberFlag({ value: flags.endBias, flag: "--end-bias", ...diffusionSettingRanges.endBias }),
    gapStyle: gapStyleFlag(flags.gapStyle),
    maskToken: flags.maskToken,
    callSettings: toModelCallSettings({
      timeout:
        flags.timeout === undefined
          ? undefined
          : numberFlag({ value: flags.timeout, flag: "--timeout", min: 0, isMinExclusive: true }),
      retries:
        flags.retries === undefined
          ? undefined
          : numberFlag({ value: flags.retries, flag: "--retries", min: 0, max: 100, isInteger: true }),
    }),
    abortSignal: context.abortSignal,
  });
  for (const warning of resolved.warnings) context.stderr.write(`warning: ${warning}\n`);
  try {
    const { proposer } = resolved;
    const conditioning = buildConditioning({
      traces,
      budgetChars: proposer.conditioningBudgetChars,
      random: random.fork("conditioning"),
    });
    const result = await proposer.propose({
      prompt,
      maskedSpans,
      conditioning,
      count,
      seed,
      diffusion,
      runtime: context.runtime,
      abortSignal: context.abortSignal,
    });
    const candidates = result.candidates.map((candidate, index): InfillCandidateReport => {
      const validation = validateCandidate({ original: prompt, candidate: candidate.prompt });
      return {
        index,
        prompt: candidate.prompt,
        promptHash: promptHash(candidate.prompt),
        fills: candidate.fills,
        isValid: validation.isValid,
        problems: validation.isValid ? [] : validation.problems,
        cost: candidate.cost,
        diff: diffPrompts({ before: prompt, after: candidate.prompt }),
      };
    });
    const spans = maskedSpans.map((span) => ({ ...span, text: prompt.slice(span.start, span.end) }));
    if (flags.json === true) {
      const report = {
        proposer: proposer.id,
        prompt,
        promptHash: promptHash(prompt),
        maskedSpans: spans,
        conditioning,
        diffusion,
        seed,
        candidates,
        warnings: result.warnings,
      };
      context.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      for (const warning of result.warnings) context.stderr.write(`warning: ${warning}\n`);
      context.stdout.write(
        renderInfillReport({ proposerId: proposer.id, spans, candidates, color: context.stdout.isTTY === true }),
      );
    }
    if (candidates.length === 0) {
      context.stderr.write("dlmpo: no candidate came back; see the warnings above.\n");
      return 1;
    }
    return 0;
  } finally {
    await resolved.close();
  }
}

/** Registers `dlmpo infill`. */
export function registerInfillCommand(
  program: Command,
  context: CliContext,
  setExitCode: (code: number) => void,
): void {
  program
    .command("infill")
    .description("Mask spans of a system prompt and let a diffusion LM rewrite them; prints each candidate as a diff.")
    .option("--prompt <file>", "file holding the system prompt")
    .option(
      "--mask <spec>",
      "required: sentence:N, random:RATIO, insert:N, delete:N or chars:START-END (repeatable)",
      (value: string, previous: readonly string[] | undefined) => [...(previous ?? []), value],
    )
    .option("--traces <file>", "JSONL of traces {input, output, score, expected?, feedback?} to condition on")
    .option(
      "--dlm <spec>",
      "builtin, onnx:<dir>, remote:<url>, chat:<provider:model>, mercury:<model>, sglang:<url>#<model>, nemo:<url>#<model> or fim:<url>#<model>",
      "builtin",
    )
    .option("--gap-style <style>", "how a chat DLM sees gaps: numbered (default), xml, mask-token")
    .option("--mask-token <text>", "the chat DLM's mask token for --gap-style mask-token (default <|mdm_mask|>)")
    .option("--steps <n>", "reverse diffusion steps", parseNumberFlag, 32)
    .option("--candidates <n>", "candidates to sample (1-64)", parseNumberFlag, 4)
    .option("--seed <n>", "seed of masks, conditioning and sampling", parseNumberFlag, 0)
    .option("--block-length <n>", "semi-autoregressive block length in tokens (default: one block)", parseNumberFlag)
    .option("--remasking <rule>", "low_confidence, random, margin or entropy", "low_confidence")
    .option("--temperature <t>", "sampling temperature (0 = argmax)", parseNumberFlag, 0.7)
    .option("--cfg-scale <s>", "classifier-free guidance scale (0 = off)", parseNumberFlag, 0)
    .option("--threshold <x>", "parallel decoding: commit every slot at least this confident (0-1]", parseNumberFlag)
    .option(
      "--end-bias <nats>",
      "added to the end token's logit in every slot; < 0 deletes less (native DLMs)",
      parseNumberFlag,
    )
    .option("--slots <n>", "mask slots per span (default: about 1.5x the span's tokens)", parseNumberFlag)
    .option("--json", "print the result as JSON")
    .option(
      "--timeout <seconds>",
      "seconds one attempt of a chat or FIM DLM request may take (default 120)",
      parseNumberFlag,
    )
    .option("--retries <n>", "retries of a failed chat or FIM DLM request (default 6)", parseNumberFlag)
    .action(async (flags: InfillFlags) => {
      setExitCode(await runInfill(flags, context));
    });
}
