import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DlmpoError } from "../errors/dlmpo-error.js";
import { InvalidInputError } from "../errors/invalid-input-error.js";

/** Where the system-prompt corpus lies inside a data directory. */
export function corpusPathOf(options: { readonly dataDir: string }): string {
  return join(options.dataDir, "corpus", "system-prompts.jsonl");
}

/** Sentences a random edit may insert: 3 to 30 words, with no protected-region syntax that would confuse validation. */
function isUsable(sentence: string): boolean {
  const words = sentence.split(/\s+/).length;
  return words >= 3 && words <= 30 && !/\{\{|\}\}|<\/?keep>|```|~~~/i.test(sentence);
}

/**
 * Reads the sentences of the system-prompt corpus (JSONL with a `prompt` field per line, as in
 * `data/corpus/system-prompts.jsonl`): each prompt split after `.`, `!` or `?`, sentences of 3–30 words kept,
 * duplicates dropped, in file order.
 *
 * @throws DlmpoError `not-found` when the file cannot be read; InvalidInputError naming file and line for a line
 * that is not JSON with a string `prompt`.
 */
export function loadCorpusPhrases(options: { readonly path: string }): string[] {
  let text: string;
  try {
    text = readFileSync(options.path, "utf8");
  } catch (error) {
    throw new DlmpoError({
      code: "not-found",
      message: `Cannot read the phrase corpus ${options.path}. Pass --data-dir with a corpus/system-prompts.jsonl, or omit it to use the built-in phrases.`,
      cause: error,
    });
  }
  const phrases = new Set<string>();
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    let prompt: unknown;
    try {
      const record: unknown = JSON.parse(line);
      // Reading one field of a parsed JSON object; its type is checked just below.
      prompt = record !== null && typeof record === "object" ? (record as Record<string, unknown>).prompt : undefined;
    } catch (error) {
      throw new InvalidInputError({
        message: "Not valid JSON.",
        location: { file: options.path, line: index + 1 },
        cause: error,
      });
    }
    if (typeof prompt !== "string")
      throw new InvalidInputError({
        message: "Expected a string.",
        location: { file: options.path, line: index + 1, field: "prompt" },
      });
    for (const sentence of prompt.split(/(?<=[.!?])\s+/)) {
      const trimmed = sentence.trim();
      if (isUsable(trimmed)) phrases.add(trimmed);
    }
  });
  return [...phrases];
}
