import type { ContainerPruneResponse } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { humanSize } from '@quai/common';
import { confirm } from '../shared/confirm.js';
import { filtersParam } from '../shared/filters.js';

export const spec: CommandSpec = {
  usage: 'container prune [OPTIONS]',
  description: 'Remove all stopped containers',
  flags: [
    { name: 'filter', type: 'list', valueName: 'filter', description: 'Provide filter values (e.g. "until=<timestamp>")' },
    { name: 'force', short: 'f', type: 'bool', description: 'Do not prompt for confirmation' },
  ],
  maxArgs: 0,
};

export async function pruneContainers(cli: Cli, filters: string[]): Promise<{ lines: string; space: number }> {
  const r = await cli.client.json<ContainerPruneResponse>('POST', '/containers/prune', {
    query: { filters: filtersParam(filters) },
  });
  const ids = r.ContainersDeleted ?? [];
  return { lines: ids.length ? `Deleted Containers:\n${ids.join('\n')}\n\n` : '', space: r.SpaceReclaimed ?? 0 };
}

export async function run(cli: Cli, p: Parsed): Promise<void> {
  if (p.flags.force !== true && !(await confirm(cli, 'WARNING! This will remove all stopped containers.'))) return;
  const r = await pruneContainers(cli, p.flags.filter as string[]);
  cli.out(`${r.lines}Total reclaimed space: ${humanSize(r.space)}\n`);
}
