/** `builder prune [-a] [-f]`: remove build cache (POST /build/prune). */
import type { BuildCachePruneResponse } from '@quai/client';
import { humanSize } from '@quai/common';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { confirm } from '../shared/confirm.js';
import { filtersParam } from '../shared/filters.js';

export const spec: CommandSpec = {
  usage: 'builder prune',
  description: 'Remove build cache',
  aliases: ['quai builder prune'],
  flags: [
    { name: 'all', short: 'a', type: 'bool', description: 'Remove all unused build cache, not just dangling ones' },
    { name: 'filter', type: 'list', valueName: 'filter', description: "Provide filter values (e.g. 'until=24h')" },
    { name: 'force', short: 'f', type: 'bool', description: 'Do not prompt for confirmation' },
  ],
  maxArgs: 0,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const all = p.flags.all === true;
  const warning = all
    ? 'WARNING! This will remove all build cache.'
    : 'WARNING! This will remove all dangling build cache.';
  if (p.flags.force !== true && !(await confirm(cli, warning))) return;
  const r = await cli.client.json<BuildCachePruneResponse>('POST', '/build/prune', {
    query: { all: all ? '1' : undefined, filters: filtersParam(p.flags.filter as string[]) },
  });
  const deleted = r.CachesDeleted ?? [];
  const lines = deleted.length ? `Deleted build cache objects:\n${deleted.join('\n')}\n\n` : '';
  cli.out(`${lines}Total reclaimed space: ${humanSize(r.SpaceReclaimed ?? 0)}\n`);
}
