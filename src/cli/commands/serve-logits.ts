import { resolve } from "node:path";
import type { Command } from "commander";
import { builtinProposerModelDirectory } from "../../diffusion/builtin-model-directory.js";
import { createOnnxMaskPredictor } from "../../diffusion/create-onnx-mask-predictor.js";
import { defaultLogitsServerLimits, type LogitsServerLimits } from "../../diffusion/logits-server-limits.js";
import { serveLogits } from "../../diffusion/serve-logits.js";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import type { CliContext } from "../cli-context.js";
import { parseNumberFlag } from "./collect-flags.js";
import { numberFlag } from "./infill-flags.js";

interface ServeLogitsFlags {
  readonly model?: string;
  readonly port?: number | string;
  readonly host?: string;
  readonly token?: string;
  readonly maxSequences?: number | string;
  readonly maxTokens?: number | string;
  readonly maxConcurrent?: number | string;
  readonly maxQueued?: number | string;
  readonly maxBodyBytes?: number | string;
}

const limitFlags: readonly [keyof LogitsServerLimits, `--${string}`, keyof ServeLogitsFlags, number][] = [
  ["maxSequences", "--max-sequences", "maxSequences", 1],
  ["maxTokens", "--max-tokens", "maxTokens", 1],
  ["maxConcurrent", "--max-concurrent", "maxConcurrent", 1],
  ["maxQueued", "--max-queued", "maxQueued", 0],
  ["maxBodyBytes", "--max-body-bytes", "maxBodyBytes", 1024],
];

function limitsFrom(flags: ServeLogitsFlags): Partial<LogitsServerLimits> {
  const limits: Partial<Record<keyof LogitsServerLimits, number>> = {};
  for (const [key, flag, name, min] of limitFlags) {
    const value = flags[name];
    if (value !== undefined) limits[key] = numberFlag({ value, flag, min, isInteger: true });
  }
  return limits;
}

/** `dlmpo serve-logits`: puts a local model directory behind the remote logits protocol until Ctrl-C / SIGTERM. */
async function runServeLogits(flags: ServeLogitsFlags, context: CliContext): Promise<void> {
  if (flags.model === undefined)
    throw new InvalidInputError({
      message: "is required: a model directory (model.onnx, tokenizer.json, config.json), or builtin.",
      location: { field: "--model" },
    });
  const port = flags.port ?? 8123;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidInputError({
      message: `must be an integer port 0–65535, got "${String(port)}".`,
      location: { field: "--port" },
    });
  const limits = limitsFrom(flags);
  const host = flags.host ?? "127.0.0.1";
  const token = flags.token ?? context.runtime.env.DLMPO_LOGITS_TOKEN;
  const directory = flags.model === "builtin" ? builtinProposerModelDirectory() : resolve(context.cwd, flags.model);
  const predictor = await createOnnxMaskPredictor({ directory });
  try {
    const server = await serveLogits({ predictor, host, port, bearerToken: token === "" ? undefined : token, limits });
    if (token === undefined && host !== "127.0.0.1" && host !== "localhost" && host !== "::1")
      context.stderr.write(`Warning: serving on ${host} without a bearer token; anyone who can reach it can use it.\n`);
    const { maxSequences, maxTokens, maxConcurrent, maxQueued } = server.limits;
    context.stdout.write(
      `Serving ${predictor.modelId} on ${server.url}/v1 (${token === undefined ? "no token" : "bearer token required"}; ` +
        `≤ ${maxSequences} sequences and ${maxTokens} tokens a request, ${maxConcurrent} pass(es) at once, ${maxQueued} queued). Ctrl-C to stop.\n`,
    );
    await new Promise<void>((done) => {
      if (context.abortSignal.aborted) done();
      else context.abortSignal.addEventListener("abort", () => done(), { once: true });
    });
    await server.close();
  } finally {
    await predictor.close();
  }
}

/** Registers `dlmpo serve-logits`. */
export function registerServeLogitsCommand(program: Command, context: CliContext): void {
  const defaults = defaultLogitsServerLimits;
  program
    .command("serve-logits")
    .description("Serve a local masked/diffusion LM over the remote logits protocol (docs/remote-logits.md).")
    .option("--model <dir>", "model directory holding model.onnx, tokenizer.json and config.json, or builtin")
    .option("--port <port>", "TCP port (default 8123; 0 picks a free one)", parseNumberFlag)
    .option("--host <host>", "interface to bind (default 127.0.0.1: this machine only)")
    .option("--token <token>", "require this bearer token (default: env DLMPO_LOGITS_TOKEN, else none)")
    .option(
      "--max-sequences <n>",
      `most sequences a request (default ${defaults.maxSequences}; more: 413)`,
      parseNumberFlag,
    )
    .option(
      "--max-tokens <n>",
      `most sequences × tokens a request (default ${defaults.maxTokens}; more: 413)`,
      parseNumberFlag,
    )
    .option("--max-concurrent <n>", `forward passes at once (default ${defaults.maxConcurrent})`, parseNumberFlag)
    .option(
      "--max-queued <n>",
      `requests waiting for a pass (default ${defaults.maxQueued}; more: 429)`,
      parseNumberFlag,
    )
    .option(
      "--max-body-bytes <n>",
      `largest request body (default ${defaults.maxBodyBytes}; more: 413)`,
      parseNumberFlag,
    )
    .action(async (flags: ServeLogitsFlags) => {
      await runServeLogits(flags, context);
    });
}
