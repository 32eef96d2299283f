import { dirname, resolve } from "node:path";
import type { z } from "zod";
import { DlmpoError } from "../../errors/dlmpo-error.js";
import type { CommandSection } from "./config-file-schema.js";
import { formatConfigIssue } from "./format-config-issue.js";
import type { LoadedConfig } from "./load-config-file.js";

/** Options of {@link resolveCommandOptions}. */
export interface ResolveCommandOptionsOptions<Schema extends z.ZodObject> {
  /** The command's config section. */
  readonly section: CommandSection;
  /** Validates the merged options (defaults and required fields live here). */
  readonly schema: Schema;
  readonly config?: LoadedConfig | undefined;
  /** Options given as flags (camelCase), only those the user typed. */
  readonly flags: Readonly<Record<string, unknown>>;
  /** Options holding paths: resolved against the config file's folder when they come from it, else against `cwd`. */
  readonly pathOptions?: readonly string[] | undefined;
  /** Options holding a name or a path (`sst2` or `data/x.jsonl`): resolved like paths when they contain a slash. */
  readonly pathLikeOptions?: readonly string[] | undefined;
  readonly cwd: string;
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Merges a command's options: the file's top-level options that the command knows, then its section, then the flags
 * (each layer overrides the one before), resolves paths, and validates with `schema`. Throws DlmpoError
 * `invalid-config` naming the file and field, or the flag, of the first wrong value.
 */
export function resolveCommandOptions<Schema extends z.ZodObject>(
  options: ResolveCommandOptionsOptions<Schema>,
): z.infer<Schema> {
  const known = new Set(Object.keys(options.schema.shape));
  const pathOptions = new Set(options.pathOptions ?? []);
  const pathLikeOptions = new Set(options.pathLikeOptions ?? []);
  const isPath = (name: string, value: unknown): value is string =>
    typeof value === "string" && (pathOptions.has(name) || (pathLikeOptions.has(name) && /[/\\]/.test(value)));
  const config: Readonly<Record<string, unknown>> = options.config?.config ?? {};
  const section = config[options.section];
  const fromFile: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config)) if (known.has(name)) fromFile[name] = value;
  if (isRecord(section)) Object.assign(fromFile, section);
  const fileFolder = options.config === undefined ? options.cwd : dirname(options.config.path);
  const merged: Record<string, unknown> = {};
  const fromFlag = new Set<string>();
  for (const [name, value] of Object.entries(fromFile))
    merged[name] = isPath(name, value) ? resolve(fileFolder, value) : value;
  for (const [name, value] of Object.entries(options.flags)) {
    if (value === undefined) continue;
    fromFlag.add(name);
    merged[name] = isPath(name, value) ? resolve(options.cwd, value) : value;
  }
  const result = options.schema.safeParse(merged);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const field = first?.path[0];
  const source = typeof field === "string" && fromFlag.has(field) ? "flag" : (options.config?.shownPath ?? "options");
  const missing = first?.code === "invalid_type" && typeof field === "string" && !(field in merged);
  throw new DlmpoError({
    code: "invalid-config",
    message: missing
      ? `missing option --${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)} (or "${field}" in a config file).`
      : formatConfigIssue({ error: result.error, source }),
    cause: result.error,
  });
}
