import type { NetworkPruneResponse } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { confirm } from '../shared/confirm.js';
import { filtersParam } from '../shared/filters.js';

export const spec: CommandSpec = {
  usage: 'network prune [OPTIONS]',
  description: 'Remove all unused networks',
  flags: [
    { name: 'filter', type: 'list', valueName: 'filter', description: 'Provide filter values (e.g. "until=<timestamp>")' },
    { name: 'force', short: 'f', type: 'bool', description: 'Do not prompt for confirmation' },
  ],
  maxArgs: 0,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  if (p.flags.force !== true && !(await confirm(cli, 'WARNING! This will remove all custom networks not used by at least one container.'))) return;
  const r = await cli.client.json<NetworkPruneResponse>('POST', '/networks/prune', { query: { filters: filtersParam(p.flags.filter as string[]) } });
  const deleted = r.NetworksDeleted ?? [];
  if (deleted.length) cli.out(`Deleted Networks:\n${deleted.join('\n')}\n\n`);
}
