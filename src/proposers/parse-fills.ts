/** Fills read from a model's answer: `fills[n - 1]` is the text for marker `[[n]]`, undefined when missing. */
export interface ParsedFills {
  readonly fills: readonly (string | undefined)[];
  /** 1-based marker numbers the answer has no text for. */
  readonly missing: readonly number[];
}

const fillTagPattern = /<fill\s+id\s*=\s*["']?\s*\[*(\d+)\]*\s*["']?\s*>([\s\S]*?)<\/fill\s*>/gi;
const markerLinePattern = /^\s*\[\[(\d+)\]\]\s*[:=\-–—]\s*(.*)$/gm;

/**
 * Reads the text for markers `[[1]]`…`[[count]]` from a chat model's answer. Accepts, in order of preference,
 * `<fill id="N">…</fill>` tags (any quoting/spacing, inside code fences or not), a JSON object (`{"1": "…"}`,
 * `{"fills": ["…"]}`) or array of strings, and `[[N]]: …` lines. Fill texts are trimmed, stray markers removed.
 * Never throws: what cannot be read is reported in `missing`.
 */
export function parseFills(options: { readonly text: string; readonly count: number }): ParsedFills {
  const text = options.text.replace(/```[\w-]*\n?/g, "");
  const found = new Map<number, string>();
  for (const match of text.matchAll(fillTagPattern)) setOnce(found, [Number(match[1]), match[2] ?? ""]);
  if (found.size === 0) for (const entry of parseJsonFills(text)) setOnce(found, entry);
  if (found.size === 0)
    for (const match of text.matchAll(markerLinePattern)) setOnce(found, [Number(match[1]), match[2] ?? ""]);
  const fills: (string | undefined)[] = [];
  const missing: number[] = [];
  for (let id = 1; id <= options.count; id += 1) {
    const fill = found.get(id);
    fills.push(fill === undefined ? undefined : cleanFill(fill));
    if (fill === undefined) missing.push(id);
  }
  return { fills, missing };
}

function setOnce(found: Map<number, string>, entry: readonly [number, string]): void {
  if (!found.has(entry[0])) found.set(entry[0], entry[1]);
}

function cleanFill(fill: string): string {
  return fill
    .replace(/\[\[\d+\]\]|<gap\s+id\s*=\s*["']?\d+["']?\s*\/?>/g, "")
    .trim()
    .replace(/^"([\s\S]*)"$/, "$1")
    .trim();
}

function parseJsonFills(text: string): [number, string][] {
  const start = text.search(/[[{]/);
  if (start < 0) return [];
  const closing = text[start] === "{" ? "}" : "]";
  const end = text.lastIndexOf(closing);
  if (end <= start) return [];
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start, end + 1));
  } catch {
    return [];
  }
  if (isRecord(value) && Array.isArray(value.fills)) value = value.fills;
  if (Array.isArray(value)) {
    return value.flatMap((item, index): [number, string][] => (typeof item === "string" ? [[index + 1, item]] : []));
  }
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([key, item]): [number, string][] => {
    const id = Number(key.replace(/[[\]\s]/g, ""));
    return Number.isInteger(id) && typeof item === "string" ? [[id, item]] : [];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
