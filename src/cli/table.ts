import type { Palette } from './palette.js';

export interface TableLayout {
  /** The terminal's width; undefined (pipes, files) means no limit. */
  maxWidth?: number;
  /** The column cut (with "…") when the table is wider than maxWidth. */
  shrinkColumn?: number;
}

const MIN_SHRUNK_WIDTH = 12;
const GAP = 2;

/** A plain-text table: left-aligned columns, a bold header when colour is on. */
export function renderTable(headers: string[], rows: string[][], palette: Palette, layout: TableLayout = {}): string {
  const widths = headers.map((header, i) =>
    Math.max(visibleLength(header), ...rows.map((row) => visibleLength(row[i] ?? ''))),
  );
  const total = widths.reduce((sum, w) => sum + w, 0) + GAP * (widths.length - 1);
  const shrink = layout.shrinkColumn;
  if (layout.maxWidth !== undefined && shrink !== undefined && total > layout.maxWidth) {
    widths[shrink] = Math.max(MIN_SHRUNK_WIDTH, widths[shrink]! - (total - layout.maxWidth));
  }
  const fit = (cell: string, i: number) =>
    i === shrink && visibleLength(cell) > widths[i]! ? `${cell.slice(0, widths[i]! - 1)}…` : cell;
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const fitted = fit(cell, i);
        return i === cells.length - 1 ? fitted : fitted + ' '.repeat(Math.max(0, widths[i]! - visibleLength(fitted)));
      })
      .join(' '.repeat(GAP))
      .trimEnd();
  return [palette.bold(line(headers)), ...rows.map(line)].join('\n');
}

function visibleLength(text: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the colour codes being measured away
  return text.replace(/\x1b\[[0-9;]*m/g, '').length;
}
