import type { z } from "zod";

/**
 * One line for the first problem of a failed validation: `<source>: field "<path>": <message>`, plus how many other
 * problems there are. `source` is a file name, or `flag` to name the field as its kebab-case flag.
 */
export function formatConfigIssue(options: { readonly error: z.ZodError; readonly source: string | "flag" }): string {
  const [issue, ...rest] = options.error.issues;
  if (issue === undefined) return `${options.source}: invalid`;
  const isUnknownKey = issue.code === "unrecognized_keys";
  const path = [...issue.path.map(String), ...(isUnknownKey ? [issue.keys[0] ?? ""] : [])];
  const message = isUnknownKey ? "unknown option" : issue.message;
  const more = rest.length === 0 ? "" : ` (and ${rest.length} more problem${rest.length === 1 ? "" : "s"})`;
  if (options.source === "flag") {
    const flag = `--${(path.at(-1) ?? "").replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
    return `option ${flag}: ${message}${more}`;
  }
  return `${options.source}: field "${path.join(".")}": ${message}${more}`;
}
