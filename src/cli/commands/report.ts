import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { DlmpoError } from "../../errors/dlmpo-error.js";
import { renderHtmlReport } from "../../report/render-html-report.js";
import { renderJsonReport } from "../../report/render-json-report.js";
import { renderMarkdownSummary } from "../../report/render-markdown-summary.js";
import type { StoredRun } from "../../report/summarize-run.js";
import { openSqliteStore } from "../../store/open-sqlite-store.js";
import type { CliContext } from "../cli-context.js";
import { defaultStorePath } from "../config/default-paths.js";

interface ReportFlags {
  readonly out?: string | undefined;
  readonly markdown?: string | undefined;
  readonly json?: boolean | undefined;
  readonly store?: string | undefined;
}

/** Reads one run (record, events, results) from the store without creating a store that is not there. */
function readRun(options: { readonly runId: string; readonly storePath: string }): StoredRun {
  const { runId, storePath } = options;
  if (!existsSync(storePath))
    throw new DlmpoError({
      code: "not-found",
      message: `No store at ${storePath}. Run \`dlmpo optimize\` first, or pass --store <file>.`,
    });
  const store = openSqliteStore({ path: storePath, readOnly: true });
  try {
    const run = store.getRun(runId);
    if (run === undefined)
      throw new DlmpoError({
        code: "not-found",
        message: `No run "${runId}" in ${storePath}. List the runs with \`dlmpo runs list\`.`,
      });
    return { run, events: store.listEvents(runId), results: store.listResults(runId) };
  } finally {
    store.close();
  }
}

/** `dlmpo report`: writes the HTML report, a Markdown summary and/or prints the JSON report of a stored run. */
function runReport(options: {
  readonly runId: string;
  readonly flags: ReportFlags;
  readonly context: CliContext;
}): void {
  const { runId, flags, context } = options;
  const storePath = resolve(context.cwd, flags.store ?? defaultStorePath({ cwd: context.cwd }));
  const stored = readRun({ runId, storePath });
  const toStdout = flags.json === true || flags.markdown === "-";
  const say = (line: string): void => {
    (toStdout ? context.stderr : context.stdout).write(`${line}\n`);
  };
  const htmlPath =
    flags.out ??
    (flags.json === true || flags.markdown !== undefined ? undefined : `report-${runId.replace(/[^\w.-]/g, "_")}.html`);
  if (htmlPath !== undefined) {
    const path = resolve(context.cwd, htmlPath);
    writeFileSync(path, renderHtmlReport(stored));
    say(`Wrote ${path}`);
  }
  if (flags.markdown !== undefined) {
    const markdown = renderMarkdownSummary(stored);
    if (flags.markdown === "-") context.stdout.write(markdown);
    else {
      const path = resolve(context.cwd, flags.markdown);
      writeFileSync(path, markdown);
      say(`Wrote ${path}`);
    }
  }
  if (flags.json === true) context.stdout.write(renderJsonReport(stored));
}

/** Registers `dlmpo report <run-id>`. */
export function registerReportCommand(program: Command, context: CliContext): void {
  program
    .command("report")
    .description("Render a stored run as a self-contained HTML report, a Markdown summary or JSON.")
    .argument("<run-id>", "the run to report on (see `dlmpo runs list`)")
    .option("--out <file>", "HTML file to write (default report-<run-id>.html unless --json or --markdown is given)")
    .option("--markdown <file>", "also write a Markdown summary for pull requests (- for stdout)")
    .option("--json", "print the JSON report to stdout")
    .option("--store <file>", "SQLite store (default .dlmpo/dlmpo.sqlite)")
    .action((runId: string, flags: ReportFlags) => {
      runReport({ runId, flags, context });
    });
}
