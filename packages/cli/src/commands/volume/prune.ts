import type { VolumePruneResponse } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { humanSize } from '@quai/common';
import { confirm } from '../shared/confirm.js';
import { filtersParam } from '../shared/filters.js';

export const spec: CommandSpec = {
  usage: 'volume prune [OPTIONS]',
  description: 'Remove unused local volumes',
  flags: [
    { name: 'all', short: 'a', type: 'bool', description: 'Remove all unused volumes, not just anonymous ones' },
    { name: 'filter', type: 'list', valueName: 'filter', description: 'Provide filter values (e.g. "label=<label>")' },
    { name: 'force', short: 'f', type: 'bool', description: 'Do not prompt for confirmation' },
  ],
  maxArgs: 0,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const all = p.flags.all === true;
  const warning = all ? 'WARNING! This will remove all local volumes not used by at least one container.' : 'WARNING! This will remove anonymous local volumes not used by at least one container.';
  if (p.flags.force !== true && !(await confirm(cli, warning))) return;
  const filters = [...(p.flags.filter as string[]), ...(all ? ['all=true'] : [])];
  const r = await cli.client.json<VolumePruneResponse>('POST', '/volumes/prune', { query: { filters: filtersParam(filters) } });
  const deleted = r.VolumesDeleted ?? [];
  cli.out(`${deleted.length ? `Deleted Volumes:\n${deleted.join('\n')}\n\n` : ''}Total reclaimed space: ${humanSize(r.SpaceReclaimed ?? 0)}\n`);
}
