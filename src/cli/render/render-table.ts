/**
 * Renders label/value rows as an aligned two-column table with an optional title, for terminal output.
 * Values containing newlines are indented under their row.
 */
export function renderTable(options: {
  readonly rows: readonly (readonly [label: string, value: string])[];
  readonly title?: string | undefined;
}): string {
  const width = Math.max(0, ...options.rows.map(([label]) => label.length));
  const lines =
    options.title === undefined ? [] : [options.title, "─".repeat(Math.max(options.title.length, width + 12))];
  for (const [label, value] of options.rows) {
    const [first = "", ...rest] = value.split("\n");
    lines.push(`${label.padEnd(width)}  ${first}`.trimEnd());
    for (const line of rest) lines.push(`${" ".repeat(width + 2)}${line}`);
  }
  return `${lines.join("\n")}\n`;
}
