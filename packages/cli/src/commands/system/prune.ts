import type { NetworkPruneResponse } from '@quai/client';
import { ApiError } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { humanSize } from '@quai/common';
import { confirm } from '../shared/confirm.js';
import { filtersParam } from '../shared/filters.js';
import { pruneContainers } from '../container/prune.js';
import { pruneImages } from '../image/prune.js';

export const spec: CommandSpec = {
  usage: 'system prune [OPTIONS]',
  description: 'Remove unused data',
  flags: [
    { name: 'all', short: 'a', type: 'bool', description: 'Remove all unused images not just dangling ones' },
    { name: 'filter', type: 'list', valueName: 'filter', description: 'Provide filter values (e.g. "label=<key>=<value>")' },
    { name: 'force', short: 'f', type: 'bool', description: 'Do not prompt for confirmation' },
    { name: 'volumes', type: 'bool', description: 'Prune anonymous volumes' },
  ],
  maxArgs: 0,
};

/** Networks may not exist on every daemon yet: a 404 there is not an error. */
async function pruneNetworks(cli: Cli, filters: string[]): Promise<string> {
  try {
    const r = await cli.client.json<NetworkPruneResponse>('POST', '/networks/prune', { query: { filters: filtersParam(filters) } });
    const n = r?.NetworksDeleted ?? [];
    return n.length ? `Deleted Networks:\n${n.join('\n')}\n\n` : '';
  } catch (err) {
    if (err instanceof ApiError && err.statusCode === 404) return '';
    throw err;
  }
}

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const all = p.flags.all === true;
  const items = [
    'all stopped containers',
    'all networks not used by at least one container',
    ...(p.flags.volumes === true ? ['all anonymous volumes not used by at least one container'] : []),
    all ? 'all images without at least one container associated to them' : 'all dangling images',
    all ? 'all build cache' : 'unused build cache',
  ];
  const warning = `WARNING! This will remove:\n${items.map((i) => `  - ${i}`).join('\n')}\n`;
  if (p.flags.force !== true && !(await confirm(cli, warning))) return;
  const filters = p.flags.filter as string[];
  const c = await pruneContainers(cli, filters);
  const n = await pruneNetworks(cli, filters);
  const i = await pruneImages(cli, all, filters);
  cli.out(`${c.lines}${n}${i.lines}Total reclaimed space: ${humanSize(c.space + i.space)}\n`);
}
