import type { ContainerSummary } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { renderList } from '../../format/list.js';
import { containerContext, PS_DEFAULT, PS_HEADERS } from '../../format/container-context.js';
import { filtersParam } from '../shared/filters.js';

export const spec: CommandSpec = {
  usage: 'ps [OPTIONS]',
  description: 'List containers',
  aliases: ['quai container ls', 'quai container list', 'quai container ps', 'quai ps'],
  flags: [
    { name: 'all', short: 'a', type: 'bool', description: 'Show all containers (default shows just running)' },
    { name: 'filter', short: 'f', type: 'list', valueName: 'filter', description: 'Filter output based on conditions provided' },
    { name: 'format', type: 'string', description: 'Format output using a custom template' },
    { name: 'last', short: 'n', type: 'int', default: -1, description: 'Show n last created containers (includes all states)' },
    { name: 'latest', short: 'l', type: 'bool', description: 'Show the latest created container (includes all states)' },
    { name: 'no-trunc', type: 'bool', description: "Don't truncate output" },
    { name: 'quiet', short: 'q', type: 'bool', description: 'Only display container IDs' },
    { name: 'size', short: 's', type: 'bool', description: 'Display total file sizes' },
  ],
  maxArgs: 0,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const f = p.flags;
  let limit = f.last as number;
  if (f.latest === true && limit === -1) limit = 1;
  const format = (f.format as string) || process.env.QUAI_PS_FORMAT || '';
  const wantsSize = f.size === true || /\.Size\b/.test(format);
  const list = await cli.client.json<ContainerSummary[]>('GET', '/containers/json', {
    query: {
      all: f.all === true || undefined,
      limit: limit > 0 ? limit : undefined,
      size: wantsSize || undefined,
      filters: filtersParam(f.filter as string[]),
    },
  });
  const trunc = f['no-trunc'] !== true;
  const now = Date.now();
  cli.out(
    renderList(
      {
        format,
        quiet: f.quiet === true,
        defaultTable: f.size === true ? `${PS_DEFAULT}\t{{.Size}}` : PS_DEFAULT,
        headers: PS_HEADERS,
      },
      list.map((c) => containerContext(c, trunc, now)),
    ),
  );
}
