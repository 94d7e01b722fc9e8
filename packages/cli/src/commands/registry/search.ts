import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';

export const spec: CommandSpec = {
  usage: 'search [OPTIONS] TERM',
  description: 'Search Docker Hub for images',
  aliases: ['quai search'],
  flags: [
    { name: 'limit', type: 'int', description: 'Max number of search results' },
    { name: 'no-trunc', type: 'bool', description: "Don't truncate output" },
  ],
  exactArgs: 1,
};

interface Result { name: string; description: string; star_count: number; is_official: boolean }

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const results = await cli.client.json<Result[]>('GET', '/images/search', { query: { term: p.args[0], limit: (p.flags.limit as number) || undefined } });
  const rows = [['NAME', 'DESCRIPTION', 'STARS', 'OFFICIAL']];
  for (const r of results) {
    const desc = !p.flags['no-trunc'] && r.description.length > 45 ? `${r.description.slice(0, 44)}…` : r.description;
    rows.push([r.name, desc.replace(/\n/g, ' '), String(r.star_count), r.is_official ? '[OK]' : '']);
  }
  cli.out(tabulate(rows));
}

function tabulate(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('').trimEnd()).join('\n') + '\n';
}
