/** One operation of a word-level diff. Concatenating `equal` + `delete` texts gives `before`; `equal` + `insert`, `after`. */
export interface DiffOperation {
  readonly kind: "equal" | "insert" | "delete";
  readonly text: string;
}

/** Above this many table cells (words × words of the changed middle) the middle is reported as one delete + insert. */
const maxTableCells = 16_000_000;

/**
 * Word-level diff of two prompts (longest common subsequence over words and the whitespace between them). Changes
 * separated only by whitespace become one delete followed by one insert; adjacent equal text is merged. Used by the
 * HTML report and `dlmpo infill`.
 */
export function diffPrompts(options: { readonly before: string; readonly after: string }): DiffOperation[] {
  const left = tokenize(options.before);
  const right = tokenize(options.after);
  let prefix = 0;
  while (prefix < left.length && prefix < right.length && left[prefix] === right[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < left.length - prefix &&
    suffix < right.length - prefix &&
    left[left.length - 1 - suffix] === right[right.length - 1 - suffix]
  )
    suffix += 1;
  // concat, not push(...operations): a long diff spread as arguments overflows the stack.
  const head: DiffOperation = { kind: "equal", text: left.slice(0, prefix).join("") };
  const tail: DiffOperation = { kind: "equal", text: left.slice(left.length - suffix).join("") };
  const middle = diffMiddle(left.slice(prefix, left.length - suffix), right.slice(prefix, right.length - suffix));
  const raw = [head].concat(middle, [tail]);
  return mergeChanges(raw.filter((operation) => operation.text !== ""));
}

/**
 * Folds each run of changes, whitespace kept between them included, into one delete and one insert, so a replaced
 * phrase reads as one edit rather than word-by-word alternation.
 */
function mergeChanges(operations: readonly DiffOperation[]): DiffOperation[] {
  const merged: DiffOperation[] = [];
  let deleted = "";
  let inserted = "";
  let isInRun = false;
  const flush = (): void => {
    if (deleted !== "") merged.push({ kind: "delete", text: deleted });
    if (inserted !== "") merged.push({ kind: "insert", text: inserted });
    deleted = "";
    inserted = "";
    isInRun = false;
  };
  operations.forEach((operation, index) => {
    if (operation.kind === "delete") deleted += operation.text;
    else if (operation.kind === "insert") inserted += operation.text;
    const isBridge =
      operation.kind === "equal" &&
      isInRun &&
      /^\s+$/.test(operation.text) &&
      operations[index + 1]?.kind !== "equal" &&
      index + 1 < operations.length;
    if (operation.kind !== "equal") isInRun = true;
    else if (isBridge) {
      deleted += operation.text;
      inserted += operation.text;
    } else {
      flush();
      const last = merged.at(-1);
      if (last?.kind === "equal") merged[merged.length - 1] = { kind: "equal", text: last.text + operation.text };
      else merged.push(operation);
    }
  });
  flush();
  return merged;
}

function tokenize(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

function diffMiddle(left: readonly string[], right: readonly string[]): DiffOperation[] {
  const rows = left.length;
  const columns = right.length;
  if (rows === 0 || columns === 0 || rows * columns > maxTableCells) {
    return [
      { kind: "delete", text: left.join("") },
      { kind: "insert", text: right.join("") },
    ];
  }
  // lengths[i * (columns + 1) + j] = LCS length of left[i..] and right[j..].
  const width = columns + 1;
  const lengths = new Uint32Array((rows + 1) * width);
  for (let i = rows - 1; i >= 0; i -= 1) {
    for (let j = columns - 1; j >= 0; j -= 1) {
      lengths[i * width + j] =
        left[i] === right[j]
          ? (lengths[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lengths[(i + 1) * width + j] ?? 0, lengths[i * width + j + 1] ?? 0);
    }
  }
  const operations: DiffOperation[] = [];
  let i = 0;
  let j = 0;
  while (i < rows || j < columns) {
    if (i < rows && j < columns && left[i] === right[j]) {
      operations.push({ kind: "equal", text: left[i] ?? "" });
      i += 1;
      j += 1;
    } else if (
      i < rows &&
      (j === columns || (lengths[(i + 1) * width + j] ?? 0) >= (lengths[i * width + j + 1] ?? 0))
    ) {
      // On ties a delete goes first, so a replaced word reads "old → new".
      operations.push({ kind: "delete", text: left[i] ?? "" });
      i += 1;
    } else {
      operations.push({ kind: "insert", text: right[j] ?? "" });
      j += 1;
    }
  }
  return operations;
}
