import { readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { DlmpoError } from "../../errors/dlmpo-error.js";
import type { DlmpoConfig } from "./config-file-schema.js";
import { formatConfigIssue } from "./format-config-issue.js";

/** A validated config file and where it was read from (relative paths in it are relative to its folder). */
export interface LoadedConfig {
  readonly path: string;
  /** The path as error messages show it (relative to the working directory). */
  readonly shownPath: string;
  readonly config: DlmpoConfig;
}

/**
 * Reads and validates a YAML or JSON config file (JSON is YAML). Throws DlmpoError `invalid-config` with one line:
 * the file cannot be read, is not YAML (with its line), or a field is wrong (`run.yaml: field "concurrency": expected a
 * positive integer`). The YAML parser and the schema of every command load here, so a run without `--config` loads neither.
 */
export async function loadConfigFile(options: { readonly file: string; readonly cwd: string }): Promise<LoadedConfig> {
  const path = resolve(options.cwd, options.file);
  const shown = relative(options.cwd, path) || options.file;
  const fail = (message: string, cause?: unknown): DlmpoError =>
    new DlmpoError({ code: "invalid-config", message: `${shown}: ${message}`, cause });
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw fail(`cannot read the config file (${error instanceof Error ? error.message : String(error)}).`, error);
  }
  const [{ parse: parseYaml, YAMLParseError }, { dlmpoConfigSchema }] = await Promise.all([
    import("yaml"),
    import("./config-file-schema.js"),
  ]);
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    const line = error instanceof YAMLParseError ? error.linePos?.[0].line : undefined;
    throw fail(`${line === undefined ? "" : `line ${line}: `}not valid YAML or JSON.`, error);
  }
  const result = dlmpoConfigSchema.safeParse(parsed ?? {});
  if (!result.success)
    throw new DlmpoError({
      code: "invalid-config",
      message: formatConfigIssue({ error: result.error, source: shown }),
      cause: result.error,
    });
  return { path, shownPath: shown, config: result.data };
}
