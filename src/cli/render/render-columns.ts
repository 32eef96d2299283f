/**
 * Renders a header and rows as left-aligned text columns separated by two spaces, with a rule under the header,
 * for terminal output. Rows shorter than the header get empty cells.
 */
export function renderColumns(options: {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}): string {
  const { header, rows } = options;
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((cells) => cells[column]?.length ?? 0)),
  );
  const line = (cells: readonly string[]): string =>
    widths
      .map((width, column) => (cells[column] ?? "").padEnd(width))
      .join("  ")
      .trimEnd();
  return `${[line(header), widths.map((width) => "─".repeat(width)).join("  "), ...rows.map(line)].join("\n")}\n`;
}
