import { resolve } from "node:path";
import type { Command } from "commander";
import { createOnnxMaskPredictor } from "../../diffusion/create-onnx-mask-predictor.js";
import { serveLogits } from "../../diffusion/serve-logits.js";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import type { CliContext } from "../cli-context.js";
import { parseNumberFlag } from "./collect-flags.js";

interface ServeLogitsFlags {
  readonly model?: string;
  readonly port?: number | string;
  readonly host?: string;
  readonly token?: string;
}

/** `dlmpo serve-logits`: puts a local model directory behind the remote logits protocol until Ctrl-C / SIGTERM. */
async function runServeLogits(flags: ServeLogitsFlags, context: CliContext): Promise<void> {
  if (flags.model === undefined)
    throw new InvalidInputError({
      message: "is required: a model directory (model.onnx, tokenizer.json, config.json).",
      location: { field: "--model" },
    });
  const port = flags.port ?? 8123;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidInputError({
      message: `must be an integer port 0–65535, got "${String(port)}".`,
      location: { field: "--port" },
    });
  const host = flags.host ?? "127.0.0.1";
  const token = flags.token ?? context.runtime.env.DLMPO_LOGITS_TOKEN;
  const predictor = await createOnnxMaskPredictor({ directory: resolve(context.cwd, flags.model) });
  try {
    const server = await serveLogits({ predictor, host, port, bearerToken: token === "" ? undefined : token });
    if (token === undefined && host !== "127.0.0.1" && host !== "localhost" && host !== "::1")
      context.stderr.write(`Warning: serving on ${host} without a bearer token; anyone who can reach it can use it.\n`);
    context.stdout.write(
      `Serving ${predictor.modelId} on ${server.url}/v1 (${token === undefined ? "no token" : "bearer token required"}). Ctrl-C to stop.\n`,
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
  program
    .command("serve-logits")
    .description("Serve a local masked/diffusion LM over the remote logits protocol (docs/remote-logits.md).")
    .option("--model <dir>", "model directory holding model.onnx, tokenizer.json and config.json")
    .option("--port <port>", "TCP port (default 8123; 0 picks a free one)", parseNumberFlag)
    .option("--host <host>", "interface to bind (default 127.0.0.1: this machine only)")
    .option("--token <token>", "require this bearer token (default: env DLMPO_LOGITS_TOKEN, else none)")
    .action(async (flags: ServeLogitsFlags) => {
      await runServeLogits(flags, context);
    });
}
