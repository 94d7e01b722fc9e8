/**
 * Rendering of lists (ps, images, history) as Docker's formatter does:
 *
 *   ""/"table"            → the command's default table
 *   "table {{.ID}}\t..."  → header row from the header names, then rows, through tabwriter
 *   "json"                → {{json .}} per row
 *   anything else         → the template per row, one line each
 *
 * A literal backslash-t / backslash-n typed in the shell becomes a tab / newline.
 */
import { parse, render } from './go-template.js';
import { tabwrite } from './tabwriter.js';

export interface ListFormat {
  format: string;
  defaultTable: string;
  quiet?: boolean;
  quietFormat?: string;
  /** Field → column header, e.g. ID → "CONTAINER ID". */
  headers: Record<string, string>;
}

export function resolveFormat(o: ListFormat): { template: string; table: boolean } {
  let f = o.format;
  if (o.quiet && (!f || f === 'table')) return { template: o.quietFormat ?? '{{.ID}}', table: false };
  if (!f || f === 'table') f = `table ${o.defaultTable}`;
  if (f === 'json') f = '{{json .}}';
  f = f.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  if (f.startsWith('table')) return { template: f.slice('table'.length).replace(/^\s/, ''), table: true };
  return { template: f, table: false };
}

export function renderList(o: ListFormat, rows: unknown[]): string {
  const { template, table } = resolveFormat(o);
  let tmpl;
  try {
    tmpl = parse(template);
  } catch (err) {
    throw Object.assign(new Error(`template parsing error: ${(err as Error).message}`), { exitCode: 64 });
  }
  const lines: string[] = [];
  try {
    if (table) lines.push(render(tmpl, o.headers));
    for (const r of rows) lines.push(render(tmpl, r));
  } catch (err) {
    throw new Error(`failed to execute template: ${(err as Error).message}`);
  }
  if (!table) return lines.map((l) => `${l}\n`).join('');
  const text = lines.map((l) => `${l}\n`).join('');
  return tabwrite(text);
}
