import type { ImagePruneResponse } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { humanSize } from '@quai/common';
import { confirm } from '../shared/confirm.js';
import { filtersParam } from '../shared/filters.js';
import { deleteLines } from './rm.js';

export const spec: CommandSpec = {
  usage: 'image prune [OPTIONS]',
  description: 'Remove unused images',
  flags: [
    { name: 'all', short: 'a', type: 'bool', description: 'Remove all unused images, not just dangling ones' },
    { name: 'filter', type: 'list', valueName: 'filter', description: 'Provide filter values (e.g. "until=<timestamp>")' },
    { name: 'force', short: 'f', type: 'bool', description: 'Do not prompt for confirmation' },
  ],
  maxArgs: 0,
};

export async function pruneImages(cli: Cli, all: boolean, filters: string[]): Promise<{ lines: string; space: number }> {
  const r = await cli.client.json<ImagePruneResponse>('POST', '/images/prune', {
    query: { filters: filtersParam([...filters, `dangling=${all ? 'false' : 'true'}`]) },
  });
  const text = deleteLines(r.ImagesDeleted, true);
  return { lines: text ? `Deleted Images:\n${text}\n` : '', space: r.SpaceReclaimed ?? 0 };
}

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const all = p.flags.all === true;
  const warning = all ? 'WARNING! This will remove all images without at least one container associated to them.' : 'WARNING! This will remove all dangling images.';
  if (p.flags.force !== true && !(await confirm(cli, warning))) return;
  const r = await pruneImages(cli, all, p.flags.filter as string[]);
  cli.out(`${r.lines}Total reclaimed space: ${humanSize(r.space)}\n`);
}
