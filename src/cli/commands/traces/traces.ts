import type { Command } from "commander";
import type { CliContext } from "../../cli-context.js";
import { parseNumberFlag } from "../collect-flags.js";
import { runTracesImport, type TracesImportFlags } from "./traces-import.js";
import { runTracesServe, type TracesServeFlags } from "./traces-serve.js";
import { runTracesStats, type TracesStatsFlags } from "./traces-stats.js";

const collect = (value: string, previous: readonly string[] | undefined): string[] => [...(previous ?? []), value];

function addSourceOptions(command: Command): Command {
  return command
    .option("--from <format>", "dlmpo (default), openai, otel, or store (spans received by `dlmpo traces serve`)")
    .option("--feedback <file>", "JSONL feedback to join by conversation or trace id (thumbs, score, comment)")
    .option("--redact", "replace emails, phone numbers, card numbers and keys before anything is written")
    .option("--redact-pattern <regex>", "also redact matches of this regular expression (repeatable)", collect)
    .option("--store <file>", "SQLite store for --from store (default .dlmpo/dlmpo.sqlite)");
}

/** Registers `dlmpo traces import | stats | serve`. */
export function registerTracesCommand(program: Command, context: CliContext): void {
  const traces = program
    .command("traces")
    .description("Bring production conversations in: import logs, count them, receive OpenTelemetry spans.");
  addSourceOptions(
    traces
      .command("import")
      .description("Convert logs (dlmpo, OpenAI Chat Completions, OTLP/JSON spans) into dlmpo conversation JSONL.")
      .argument("[files...]", "log files of the --from format"),
  )
    .option("--out <file>", "the dlmpo JSONL file to write")
    .action(async (files: string[], flags: TracesImportFlags) => {
      await runTracesImport({ files, flags, context });
    });
  addSourceOptions(
    traces
      .command("stats")
      .description("Count conversations, turns, tools, feedback, scores, system prompts and redactions.")
      .argument("[files...]", "trace files of the --from format"),
  )
    .option("--json", "print the figures as JSON")
    .action(async (files: string[], flags: TracesStatsFlags) => {
      await runTracesStats({ files, flags, context });
    });
  traces
    .command("serve")
    .description("Receive OTLP/HTTP traces (JSON or protobuf) at /v1/traces into the store, until Ctrl-C.")
    .option("--port <port>", "TCP port (default 4318; 0 picks a free one)", parseNumberFlag)
    .option("--host <host>", "interface to bind (default 127.0.0.1: this machine only)")
    .option("--token <token>", "require this bearer token (default: env DLMPO_TRACES_TOKEN, else none)")
    .option("--max-body-mb <n>", "largest request body in MiB (default 16)", parseNumberFlag)
    .option("--store <file>", "SQLite store to write spans into (default .dlmpo/dlmpo.sqlite)")
    .option("--redact", "replace emails, phone numbers, card numbers and keys in spans before storing them")
    .option("--redact-pattern <regex>", "also redact matches of this regular expression (repeatable)", collect)
    .action(async (flags: TracesServeFlags) => {
      await runTracesServe({ flags, context });
    });
}
