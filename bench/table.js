// One table per topic: a row per metric, a column per engine or registry,
// then the ratios quai/<other> for every other column that has a number.
const cell = (v, digits) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : String(v ?? '—'));

/**
 * rows: [{ label, key, digits }]; results: { name: { key: number | string } }.
 * A string value (e.g. "n/a (not supported yet)") is printed as is and gives no ratio.
 */
export function formatTable({ title, rows, results, base = 'quai' }) {
  const names = Object.keys(results);
  const others = names.filter((n) => n !== base && results[base]);
  const header = ['metric', ...names, ...others.map((o) => `${base}/${o}`)];
  const table = [header];
  for (const { label, key, digits } of rows) {
    const cells = names.map((n) => cell(results[n][key], digits));
    for (const o of others) {
      const [q, d] = [results[base][key], results[o][key]];
      cells.push(typeof q === 'number' && typeof d === 'number' && d ? (q / d).toFixed(2) : '—');
    }
    table.push([label, ...cells]);
  }
  const widths = header.map((_, i) => Math.max(...table.map((row) => String(row[i] ?? '').length)));
  const lines = table.map((row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  return [`## ${title}`, '', ...lines].join('\n');
}
