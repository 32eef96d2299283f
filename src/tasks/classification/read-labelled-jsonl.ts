import { readFile } from "node:fs/promises";
import { InvalidInputError } from "../../errors/invalid-input-error.js";
import { decodeUtf8Text } from "../../internal/decode-utf8-text.js";
import type { Example } from "../../spec/task.js";
import { renderTemplate } from "./render-template.js";

/** One labelled example read from a JSONL line; `input` is the rendered user message. */
export interface LabelledExample extends Example {
  readonly expected: string;
  /** 1-based line in the file, for error messages. */
  readonly line: number;
}

/**
 * Reads a JSONL file of labelled examples: one JSON object per line with a `label` (string or number), an optional
 * `id` (default `<idPrefix>-<line>`) and the fields `template` uses. Blank lines are skipped; a UTF-8 byte-order mark is
 * accepted. When `labels` is given, every label must be one of them. Throws InvalidInputError naming the file (missing,
 * unreadable, not UTF-8 (with the byte offset), or without any example), the line (not JSON, not an object) and the
 * field (`label` missing, empty or unknown; `id` already used on another line, `1` and `"1"` alike; template field
 * missing).
 */
export async function readLabelledJsonl(options: {
  readonly file: string;
  readonly template: string;
  readonly labels?: readonly string[] | undefined;
  readonly idPrefix: string;
}): Promise<readonly LabelledExample[]> {
  const { file, template, labels } = options;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = error instanceof Error && "code" in error ? error.code : undefined;
    throw new InvalidInputError({
      message:
        code === "ENOENT"
          ? "data file not found. Check --data-dir or the task's path."
          : `cannot read the data file (${error instanceof Error ? error.message : String(error)}).`,
      location: { file },
      cause: error,
    });
  }
  const text = decodeUtf8Text({ bytes, file, what: "data file" });
  const known = labels === undefined ? undefined : new Set(labels);
  const examples: LabelledExample[] = [];
  const idLines = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    if (raw.trim() === "") continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw new InvalidInputError({
        message: `not valid JSON (${error instanceof Error ? error.message : String(error)}).`,
        location: { file, line },
        cause: error,
      });
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
      throw new InvalidInputError({ message: "expected a JSON object.", location: { file, line } });
    const fields: Record<string, unknown> = Object.fromEntries(Object.entries(parsed));
    const label = fields.label;
    if (typeof label !== "string" && typeof label !== "number")
      throw new InvalidInputError({
        message: "missing or not a string; every example needs a label.",
        location: { file, line, field: "label" },
      });
    const expected = String(label);
    if (expected.trim() === "")
      throw new InvalidInputError({
        message: "the label is empty; every example needs a non-empty label.",
        location: { file, line, field: "label" },
      });
    if (known !== undefined && !known.has(expected))
      throw new InvalidInputError({
        message: `unknown label "${expected}" (expected one of: ${[...known].join(", ")}).`,
        location: { file, line, field: "label" },
      });
    const id = typeof fields.id === "string" || typeof fields.id === "number" ? String(fields.id) : undefined;
    const firstLine = id === undefined ? undefined : idLines.get(id);
    if (firstLine !== undefined)
      throw new InvalidInputError({
        message: `id "${id}" is already used on line ${firstLine}; ids must be unique (1 and "1" are the same id).`,
        location: { file, line, field: "id" },
      });
    if (id !== undefined) idLines.set(id, line);
    const { label: _label, ...inputFields } = fields;
    renderTemplate({ template, fields: inputFields, file, line });
    examples.push({ id: id ?? `${options.idPrefix}-${line}`, fields: inputFields, expected, line });
  }
  if (examples.length === 0)
    throw new InvalidInputError({
      message: "no examples (the file is empty or holds only blank lines).",
      location: { file },
    });
  return examples;
}
