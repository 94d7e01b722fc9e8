import type { CommandSpec, Parsed } from '../../args/parse.js';
import { forEach, type Cli } from '../../cli.js';
import { spec as stopSpec, stopQuery } from './stop.js';

export const spec: CommandSpec = {
  ...stopSpec,
  usage: 'restart [OPTIONS] CONTAINER [CONTAINER...]',
  description: 'Restart one or more containers',
  aliases: ['quai container restart', 'quai restart'],
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  await forEach(cli, p.args, async (ref) => {
    await cli.client.json('POST', `/containers/${encodeURIComponent(ref)}/restart`, { query: stopQuery(p) });
    cli.out(`${ref}\n`);
  });
}
