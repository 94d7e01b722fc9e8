import type { Network } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { renderList } from '../../format/list.js';
import { filtersParam } from '../shared/filters.js';

export const spec: CommandSpec = {
  usage: 'network ls [OPTIONS]',
  description: 'List networks',
  aliases: ['quai network ls', 'quai network list'],
  flags: [
    { name: 'filter', short: 'f', type: 'list', valueName: 'filter', description: "Provide filter values (e.g. 'driver=bridge')" },
    { name: 'format', type: 'string', description: 'Format output using a custom template' },
    { name: 'no-trunc', type: 'bool', description: 'Do not truncate the output' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only display network IDs' },
  ],
  maxArgs: 0,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const list = await cli.client.json<Network[]>('GET', '/networks', { query: { filters: filtersParam(p.flags.filter as string[]) } });
  const trunc = p.flags['no-trunc'] !== true;
  const rows = list.sort((a, b) => a.Name.localeCompare(b.Name)).map((n) => ({
    ID: trunc ? n.Id.slice(0, 12) : n.Id, Name: n.Name, Driver: n.Driver, Scope: n.Scope,
    IPv6: 'false', Internal: String(n.Internal), CreatedAt: n.Created,
    Labels: Object.entries(n.Labels ?? {}).map(([k, v]) => `${k}=${v}`).join(','),
  }));
  cli.out(renderList({
    format: p.flags.format as string, quiet: p.flags.quiet === true,
    defaultTable: '{{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}',
    headers: { ID: 'NETWORK ID', Name: 'NAME', Driver: 'DRIVER', Scope: 'SCOPE', IPv6: 'IPV6', Internal: 'INTERNAL', CreatedAt: 'CREATED AT', Labels: 'LABELS' },
  }, rows));
}
