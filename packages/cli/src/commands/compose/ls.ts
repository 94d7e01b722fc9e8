/** `quai compose ls`: the compose projects on this engine, from their containers' labels. */
import { LABELS } from '@quai/compose/names';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import { tabwrite } from '../../format/tabwriter.js';
import type { ComposeContext } from './context.js';

export const spec: CommandSpec = {
  usage: 'compose ls [OPTIONS]',
  description: 'List running compose projects',
  flags: [
    { name: 'all', short: 'a', type: 'bool', description: 'Show all stopped Compose projects' },
    { name: 'filter', type: 'list', valueName: 'filter', description: 'Filter output based on conditions provided' },
    { name: 'format', type: 'string', default: 'table', description: 'Format the output. Values: [table | json]' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only display project names' },
  ],
};

export async function run(ctx: ComposeContext, p: Parsed): Promise<void> {
  const list = await ctx.engine.containers({ label: [LABELS.project] });
  const projects = new Map<string, { states: Map<string, number>; files: Set<string> }>();
  for (const c of list) {
    const name = c.Labels?.[LABELS.project] ?? '';
    const entry = projects.get(name) ?? projects.set(name, { states: new Map(), files: new Set() }).get(name)!;
    entry.states.set(c.State, (entry.states.get(c.State) ?? 0) + 1);
    if (c.Labels?.[LABELS.configFiles]) entry.files.add(c.Labels[LABELS.configFiles]);
  }
  const filters = (p.flags.filter as string[]).filter((x) => x.startsWith('name=')).map((x) => x.slice(5));
  const rows = [...projects.entries()]
    .filter(([name, e]) => (p.flags.all === true || e.states.has('running')) && (!filters.length || filters.some((n) => name.includes(n))))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, e]) => ({
      Name: name,
      Status: [...e.states.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s}(${n})`).join(', '),
      ConfigFiles: [...e.files].join(','),
    }));
  if (p.flags.quiet === true) return ctx.cli.out(rows.map((r) => `${r.Name}\n`).join(''));
  if (p.flags.format === 'json') return ctx.cli.out(`${JSON.stringify(rows)}\n`);
  ctx.cli.out(tabwrite([['NAME', 'STATUS', 'CONFIG FILES'], ...rows.map((r) => [r.Name, r.Status, r.ConfigFiles])].map((l) => `${l.join('\t')}\n`).join('')));
}
