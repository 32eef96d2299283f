import { InvalidInputError } from "../../errors/invalid-input-error.js";

const placeholder = /\{([A-Za-z_][A-Za-z0-9_.-]*)\}/g;

/** Names of the `{field}` placeholders in `template`, in order of first use. */
export function templateFields(template: string): readonly string[] {
  return [...new Set(Array.from(template.matchAll(placeholder), (match) => match[1] ?? ""))];
}

/**
 * Fills each `{field}` of `template` with the example's field (strings as they are, other values as JSON).
 * Throws InvalidInputError naming `file`, `line` and the field when the example lacks one.
 */
export function renderTemplate(options: {
  readonly template: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly file?: string | undefined;
  readonly line?: number | undefined;
}): string {
  return options.template.replace(placeholder, (_match, name: string) => {
    const value = options.fields[name];
    if (value === undefined || value === null)
      throw new InvalidInputError({
        message: `missing; the template uses {${name}} (fields present: ${Object.keys(options.fields).join(", ")})`,
        location: { file: options.file, line: options.line, field: name },
      });
    return typeof value === "string" ? value : JSON.stringify(value);
  });
}
