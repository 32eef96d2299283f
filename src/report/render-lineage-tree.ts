import { escapeHtml } from "./escape-html.js";

/** A node of the lineage: a prompt, its parent (absent for roots), a short label and a hover text. */
export interface LineageNode {
  readonly id: string;
  readonly parentId?: string | undefined;
  readonly label: string;
  /** Second line under the label (e.g. round and score). */
  readonly detail: string;
  /** Hover title (e.g. the prompt's start). */
  readonly tooltip: string;
  readonly isBest?: boolean | undefined;
}

const columnWidth = 170;
const rowHeight = 52;
const boxWidth = 140;
const boxHeight = 36;

/**
 * The accepted lineage as a left-to-right SVG tree: each node sits one column right of its parent; leaves take
 * consecutive rows and a parent sits level with the middle of its children. Nodes whose parent is not in the list are
 * roots. The best node is outlined.
 */
export function renderLineageTree(options: { readonly nodes: readonly LineageNode[] }): string {
  const { nodes } = options;
  const ids = new Set(nodes.map((node) => node.id));
  const children = new Map<string, LineageNode[]>();
  const roots: LineageNode[] = [];
  for (const node of nodes) {
    if (node.parentId === undefined || !ids.has(node.parentId) || node.parentId === node.id) roots.push(node);
    else children.set(node.parentId, [...(children.get(node.parentId) ?? []), node]);
  }
  const position = new Map<string, { column: number; row: number }>();
  let nextRow = 0;
  const place = (node: LineageNode, column: number): number => {
    if (position.has(node.id)) return position.get(node.id)?.row ?? 0;
    position.set(node.id, { column, row: -1 });
    const rows = (children.get(node.id) ?? []).map((child) => place(child, column + 1));
    const row = rows.length === 0 ? nextRow++ : ((rows[0] ?? 0) + (rows[rows.length - 1] ?? 0)) / 2;
    position.set(node.id, { column, row });
    return row;
  };
  for (const root of roots) place(root, 0);
  const columns = Math.max(0, ...[...position.values()].map((p) => p.column)) + 1;
  const width = columns * columnWidth + 20;
  const height = Math.max(1, nextRow) * rowHeight + 20;
  const centre = (id: string): { x: number; y: number } => {
    const at = position.get(id) ?? { column: 0, row: 0 };
    return { x: 10 + at.column * columnWidth, y: 10 + at.row * rowHeight + boxHeight / 2 };
  };
  const edges = nodes
    .filter((node) => node.parentId !== undefined && ids.has(node.parentId) && node.parentId !== node.id)
    .map((node) => {
      const from = centre(node.parentId ?? node.id);
      const to = centre(node.id);
      const startX = from.x + boxWidth;
      const middleX = (startX + to.x) / 2;
      return `<path d="M${startX} ${from.y} C${middleX} ${from.y} ${middleX} ${to.y} ${to.x} ${to.y}" fill="none" stroke="#999" stroke-width="1.5"/>`;
    });
  const boxes = nodes.map((node) => {
    const { x, y } = centre(node.id);
    const stroke = node.isBest === true ? `stroke="#d55e00" stroke-width="2.5"` : `stroke="#0072b2" stroke-width="1"`;
    return (
      `<g class="lineage-node"><title>${escapeHtml(node.tooltip)}</title>` +
      `<rect x="${x}" y="${y - boxHeight / 2}" width="${boxWidth}" height="${boxHeight}" rx="5" fill="#eef5fb" ${stroke}/>` +
      `<text x="${x + 8}" y="${y - 3}" font-size="11" font-family="monospace" fill="#222">${escapeHtml(node.label)}</text>` +
      `<text x="${x + 8}" y="${y + 12}" font-size="10" fill="#555">${escapeHtml(node.detail)}</text></g>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart lineage" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Accepted lineage">` +
    `<title>Accepted lineage</title>${edges.join("")}${boxes.join("")}</svg>`
  );
}
