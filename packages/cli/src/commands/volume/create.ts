import type { Volume } from '@quai/client';
import type { CommandSpec, Parsed } from '../../args/parse.js';
import type { Cli } from '../../cli.js';
import { keyValues } from './key-values.js';

export const spec: CommandSpec = {
  usage: 'volume create [OPTIONS] [VOLUME]',
  description: 'Create a volume',
  flags: [
    { name: 'driver', short: 'd', type: 'string', description: 'Specify volume driver name (default "local")' },
    { name: 'label', type: 'list', description: 'Set metadata for a volume' },
    { name: 'name', type: 'string', description: 'Specify volume name' },
    { name: 'opt', short: 'o', type: 'list', valueName: 'map', description: 'Set driver specific options (default map[])' },
  ],
  maxArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  const v = await cli.client.json<Volume>('POST', '/volumes/create', {
    body: {
      Name: p.args[0] ?? (p.flags.name as string | undefined) ?? '',
      Driver: (p.flags.driver as string | undefined) || 'local',
      DriverOpts: keyValues(p.flags.opt as string[]),
      Labels: keyValues(p.flags.label as string[]),
    },
  });
  cli.out(`${v.Name}\n`);
}
