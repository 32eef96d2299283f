import type { EpisodeDatabase } from "./episode-database.js";
import type { TauToolDefinition } from "./load-tau-domain.js";
import { TauEpisodeCrash } from "./tau-episode-crash.js";
import type { TauTool, ToolArguments } from "./tau-tool.js";

/** `get_order_details` → `GetOrderDetails`, the reference's class name (Python's messages name it). */
function toClassName(toolName: string): string {
  return toolName
    .split("_")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

/** Python's list of names in a TypeError: `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`. */
function quoteNames(names: readonly string[]): string {
  const quoted = names.map((name) => `'${name}'`);
  if (quoted.length <= 2) return quoted.join(" and ");
  return `${quoted.slice(0, -1).join(", ")}, and ${quoted[quoted.length - 1]}`;
}

/** The TypeError Python raises when calling `invoke(data=…, **kwargs)` with wrong keyword arguments, if any. */
function checkSignature(definition: TauToolDefinition, args: ToolArguments): string | undefined {
  const parameters = Object.keys(definition.function.parameters.properties ?? {});
  const callable = `${toClassName(definition.function.name)}.invoke()`;
  for (const name of Object.keys(args))
    if (!parameters.includes(name)) return `${callable} got an unexpected keyword argument '${name}'`;
  const missing = parameters.filter((name) => !Object.hasOwn(args, name));
  if (missing.length === 0) return undefined;
  const noun = missing.length === 1 ? "argument" : "arguments";
  return `${callable} missing ${missing.length} required positional ${noun}: ${quoteNames(missing)}`;
}

/**
 * Runs one tool call as the reference environment does: an unknown name gives `Unknown action <name>`, arguments
 * that do not fit the tool's signature and any error the tool throws give `Error: <message>`; otherwise the tool's
 * output.
 * @throws TauEpisodeCrash when the call ends the episode in the original (a tool returning None).
 */
export function invokeTool<Tables extends object>(options: {
  readonly database: EpisodeDatabase<Tables>;
  readonly tools: ReadonlyMap<string, { readonly tool: TauTool<Tables>; readonly definition: TauToolDefinition }>;
  readonly name: string;
  readonly args: ToolArguments;
}): string {
  const entry = options.tools.get(options.name);
  if (entry === undefined) return `Unknown action ${options.name}`;
  const signatureError = checkSignature(entry.definition, options.args);
  if (signatureError !== undefined) return `Error: ${signatureError}`;
  try {
    return entry.tool.invoke({ database: options.database, args: options.args });
  } catch (error) {
    if (error instanceof TauEpisodeCrash) throw error;
    return `Error: ${error instanceof Error ? error.message : String(error)}`;
  }
}
