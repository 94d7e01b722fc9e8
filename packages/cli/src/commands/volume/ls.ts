import type { VolumeListResponse } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { renderList } from '../../format/list.js';
import { filtersParam } from '../shared/filters.js';

export const spec: CommandSpec = {
  usage: 'volume ls [OPTIONS]',
  description: 'List volumes',
  aliases: ['quai volume ls', 'quai volume list'],
  flags: [
    { name: 'filter', short: 'f', type: 'list', valueName: 'filter', description: "Provide filter values (e.g. 'dangling=true')" },
    { name: 'format', type: 'string', description: 'Format output using a custom template' },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only display volume names' },
  ],
  maxArgs: 0,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const r = await cli.client.json<VolumeListResponse>('GET', '/volumes', { query: { filters: filtersParam(p.flags.filter as string[]) } });
  const rows = (r.Volumes ?? []).sort((a, b) => a.Name.localeCompare(b.Name)).map((v) => ({
    ...v,
    Labels: Object.entries(v.Labels ?? {}).map(([k, val]) => `${k}=${val}`).join(','),
  }));
  cli.out(renderList({
    format: p.flags.format as string,
    quiet: p.flags.quiet === true,
    quietFormat: '{{.Name}}',
    defaultTable: '{{.Driver}}\t{{.Name}}',
    headers: { Driver: 'DRIVER', Name: 'VOLUME NAME', Mountpoint: 'MOUNTPOINT', Scope: 'SCOPE', Labels: 'LABELS' },
  }, rows));
}
