/**
 * Go's text/tabwriter as Docker configures it (minwidth 10, tabwidth 1,
 * padding 3, pad ' '): a cell is text ending in a tab; each column is as wide
 * as its widest cell plus 3, at least 10; the last cell of a line is not padded.
 * Widths count characters. Columns are computed per block of consecutive lines
 * that have that column, as Go does.
 */
export function tabwrite(text: string, minwidth = 10, padding = 3): string {
  const trailingNewline = text.endsWith('\n');
  const lines = (trailingNewline ? text.slice(0, -1) : text).split('\n').map((l) => l.split('\t'));
  const widths: number[][] = lines.map(() => []);
  const len = (s: string) => [...s].length;

  function format(line0: number, line1: number, col: number): void {
    let l = line0;
    while (l < line1) {
      // skip lines without a cell in this column
      if (lines[l].length - 1 <= col) {
        l++;
        continue;
      }
      const start = l;
      let width = minwidth;
      for (; l < line1 && lines[l].length - 1 > col; l++) width = Math.max(width, len(lines[l][col]) + padding);
      for (let k = start; k < l; k++) widths[k][col] = width;
      format(start, l, col + 1);
    }
  }
  format(0, lines.length, 0);

  const out = lines.map((cells, l) =>
    cells.map((c, k) => (k < cells.length - 1 ? c + ' '.repeat(widths[l][k] - len(c)) : c)).join(''),
  );
  return out.join('\n') + (trailingNewline ? '\n' : '');
}
