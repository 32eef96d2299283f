import { escapeHtml } from "./escape-html.js";

/** One legend entry: a colour swatch (square for lines, dot for points) and a name. */
export interface LegendItem {
  readonly name: string;
  readonly color: string;
  readonly shape: "square" | "dot";
}

/** Rough width of 11-pixel sans-serif text, enough to space legend entries without measuring. */
const characterWidth = 6.5;

/** A one-row SVG legend starting at (`x`, `y`) (text baseline), entries spaced by their name length. */
export function renderLegend(options: {
  readonly items: readonly LegendItem[];
  readonly x: number;
  readonly y: number;
}): string {
  let x = options.x;
  const parts: string[] = [];
  for (const item of options.items) {
    parts.push(
      item.shape === "square"
        ? `<rect x="${x}" y="${options.y - 9}" width="10" height="10" fill="${item.color}"/>`
        : `<circle cx="${x + 5}" cy="${options.y - 4}" r="5" fill="${item.color}"/>`,
      `<text x="${x + 15}" y="${options.y}" font-size="11" fill="#333">${escapeHtml(item.name)}</text>`,
    );
    x += 15 + item.name.length * characterWidth + 16;
  }
  return `<g class="legend">${parts.join("")}</g>`;
}
