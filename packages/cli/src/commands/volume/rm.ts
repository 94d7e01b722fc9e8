import type { CommandSpec, Parsed } from '../../args/parse.js';
import { forEach, type Cli } from '../../cli.js';

export const spec: CommandSpec = {
  usage: 'volume rm [OPTIONS] VOLUME [VOLUME...]',
  description: 'Remove one or more volumes',
  aliases: ['quai volume rm', 'quai volume remove'],
  flags: [{ name: 'force', short: 'f', type: 'bool', description: 'Force the removal of one or more volumes' }],
  minArgs: 1,
};

export async function run(cli: Cli, p: Parsed): Promise<void> {
  await forEach(cli, p.args, async (name) => {
    await cli.client.json('DELETE', `/volumes/${encodeURIComponent(name)}`, { query: { force: p.flags.force === true || undefined } });
    cli.out(`${name}\n`);
  });
}
